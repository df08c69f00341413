"""Resolution: mentions -> places, dates, actors and counts -> ACLED events."""
