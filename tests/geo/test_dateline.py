"""Tests for conflictcoder/geo/dateline.py: the place of a wire dateline."""

from __future__ import annotations

import pytest

from conflictcoder.geo.dateline import dateline_span


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("BAMAKO (Reuters) - Gunmen on motorbikes attacked a village.", "BAMAKO"),
        ("KHARTOUM, May 3 (AFP) - Shells fell on a market.", "KHARTOUM"),
        ("ADEN, Yemen (Reuters) - A drone hit a camp.", "ADEN, Yemen"),
        ("PORT SUDAN, Sudan, Jan. 4 (AP) — Drones struck the port.", "PORT SUDAN, Sudan"),
        ("MAPUTO, Aug 12 - Insurgents seized a port.", "MAPUTO"),
    ],
)
def test_wire_datelines_give_their_place(text: str, place: str) -> None:
    span = dateline_span(text)
    assert span is not None
    assert text[span[0] : span[1]] == place


@pytest.mark.parametrize(
    "text",
    [
        "Fighters attacked El Nahud - a town in the west - on Monday.",
        "Gunmen killed (five) - police said - in Gao.",
        "The RSF (Rapid Support Forces) - a paramilitary - attacked.",
        "KHARTOUM - the army said on Monday it had retaken the bridge.",
        "",
    ],
)
def test_other_openings_are_no_dateline(text: str) -> None:
    assert dateline_span(text) is None
