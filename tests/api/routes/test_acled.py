"""Tests for the ACLED-shaped API (conflictcoder/api/routes/acled.py)."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from conflictcoder.formats import acled_codebook

ACLED_COLUMNS = list(acled_codebook().columns)  # tests/test_formats.py pins them


def test_answer_is_shaped_like_acleds(client: TestClient) -> None:
    response = client.get("/api/acled/read")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["status", "success", "count", "messages", "data", "filename"]
    assert (body["status"], body["success"], body["count"]) == (200, True, 5)
    first = body["data"][0]
    assert list(first) == ACLED_COLUMNS
    # ACLED's API writes every value as a string
    assert all(isinstance(v, str) for row in body["data"] for v in row.values())
    assert first["event_id_cnty"].startswith("SYR") and first["year"] == "2020"
    assert first["inter1"] == "State forces" and first["region"] == "Middle East"
    assert first["timestamp"].isdigit()
    # the older base URL answers the same
    assert client.get("/acled/read").json() == body


def test_pages_and_filters_like_the_rest(client: TestClient) -> None:
    everything = client.get("/api/acled/read").json()["data"]
    pages = [
        client.get("/api/acled/read", params={"limit": 2, "page": n}).json()["data"]
        for n in (1, 2, 3, 4)
    ]
    assert [len(p) for p in pages] == [2, 2, 1, 0]
    assert [row for p in pages for row in p] == everything
    yemen = client.get("/api/acled/read", params={"iso": 887}).json()
    assert yemen["count"] == 2 and {r["country"] for r in yemen["data"]} == {"Yemen"}
    same = client.get("/api/acled/read", params={"country": "Yemen"}).json()
    assert same == yemen
    ours = client.get("/api/acled/read", params={"min_fatalities": 3}).json()["data"]
    assert sorted(r["location"] for r in ours) == ["Kafr Nabl", "Kafr Zita"]


def test_event_date_where(client: TestClient) -> None:
    def days(**params: str) -> list[str]:
        body = client.get("/api/acled/read", params=params).json()
        return [row["event_date"] for row in body["data"]]

    assert days(event_date="2020-03-03") == ["2020-03-03", "2020-03-03"]
    assert days(event_date="2020-03-04|2020-03-10", event_date_where="BETWEEN") == [
        "2020-03-04",
        "2020-03-10",
    ]
    assert days(event_date="2020-03-10", event_date_where=">") == ["2020-03-11"]
    assert days(event_date="2020-03-04", event_date_where="<") == ["2020-03-03", "2020-03-03"]
    params = {"event_date": "2020-03-04|x", "event_date_where": "BETWEEN"}
    bad = client.get("/api/acled/read", params=params)
    assert bad.status_code == 422
    assert bad.json() == {"detail": "event_date must be a day written YYYY-MM-DD, got 'x'"}


def test_fields_inter_num_and_csv(client: TestClient) -> None:
    body = client.get(
        "/api/acled/read",
        params={"fields": "fatalities|event_date|inter1", "inter_num": 1, "min_fatalities": 3},
    ).json()
    assert body["data"][0] == {"event_date": "2020-03-03", "inter1": "1", "fatalities": "3"}
    bad = client.get("/api/acled/read", params={"fields": "event_date|deaths"})
    assert bad.status_code == 422 and bad.json()["detail"].startswith("unknown field(s) deaths")
    response = client.get("/api/acled/read", params={"_format": "csv", "iso": 887})
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ACLED_COLUMNS and len(rows) == 3


def test_conflicting_country_and_iso(client: TestClient) -> None:
    response = client.get("/api/acled/read", params={"iso": 887, "country": "Syria"})
    assert response.status_code == 422
    assert response.json() == {
        "detail": "country is given twice with different values: 'Syria' and 'Yemen'"
    }


def test_export_route_offers_acled_and_ucdp(client: TestClient) -> None:
    acled = client.get("/api/events/export", params={"format": "acled", "inter_num": True})
    assert acled.status_code == 200
    assert acled.text.splitlines()[0] == ",".join(ACLED_COLUMNS)
    ucdp = client.get("/api/events/export", params={"format": "ucdp", "bom": True})
    assert ucdp.content.startswith(b"\xef\xbb\xbfid,year,type_of_violence,side_a,side_b,")
    # the protest is no organised violence: four of the five events
    assert len(ucdp.text.splitlines()) == 5
    gpkg = client.get("/api/events/export", params={"format": "gpkg"})
    assert gpkg.headers["content-type"] == "application/geopackage+sqlite3"
    assert gpkg.content.startswith(b"SQLite format 3")
    refused = client.get("/api/events/export", params={"format": "jsonl", "bom": True})
    assert refused.status_code == 422
    assert refused.json() == {"detail": "the jsonl format takes no option 'bom'"}


def test_actor1_is_read_as_the_actor_filter(client: TestClient) -> None:
    everything = client.get("/api/acled/read").json()
    # a blank form field is not set; the value is read without its spaces
    assert client.get("/api/acled/read", params={"actor1": "  "}).json() == everything
    saf = client.get("/api/acled/read", params={"actor1": " Military Forces of Syria (2000-) "})
    assert (
        saf.json()
        == client.get(
            "/api/acled/read", params={"actor": "Military Forces of Syria (2000-)"}
        ).json()
    )
    assert 0 < saf.json()["count"] < everything["count"]
    both = client.get("/api/acled/read", params={"actor": "Rebels", "actor1": "Soldiers"})
    assert both.status_code == 422
    assert both.json() == {
        "detail": "actor is given twice with different values: 'Rebels' and 'Soldiers'"
    }
