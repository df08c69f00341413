"""Security fixtures: the API fixtures of tests/api (a temporary store with invented
articles, the app wired to it with a stand-in coder)."""

from __future__ import annotations

from api.conftest import api_settings, client, db_path, fake_coder  # noqa: F401 - fixtures
