"""Tests for conflictcoder.api.routes.events: filters, pagination, detail, export, corrections."""

from __future__ import annotations

import io
import json
from typing import Any

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from conflictcoder.api.deps import INVALID_TOKEN, MISSING_TOKEN
from conflictcoder.api.schemas import EventPage

from ..conftest import AUTH, OTHER_TOKEN, SAF, SYRIA


def locations(client: TestClient, **params: Any) -> list[str]:
    response = client.get("/api/events", params={"limit": 100, **params})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(body["items"])
    return [item["location"] for item in body["items"]]


# -- the list and its filters ------------------------------------------------------------------


def test_list_is_by_date_then_id(client: TestClient) -> None:
    body = client.get("/api/events").json()
    EventPage.model_validate(body)  # sent without validation: check the shape here
    assert body["total"] == 5
    dates = [item["event_date"] for item in body["items"]]
    assert dates == sorted(dates)
    assert body["items"][-1]["location"] == "Taiz"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "Yemen"}, {"Marib", "Taiz"}),
        ({"admin1": "Idleb"}, {"Kafr Nabl", "Ariha"}),
        ({"event_type": "Battles"}, {"Kafr Zita"}),
        ({"sub_event_type": "Air/drone strike"}, {"Kafr Nabl"}),
        ({"actor": "Civilians (Syria)"}, {"Kafr Nabl"}),
        ({"actor": SAF}, {"Kafr Nabl", "Ariha", "Kafr Zita"}),
        ({"bbox": "36.0,35.5,37.0,36.0"}, {"Kafr Nabl", "Ariha"}),
        ({"text": "teacher"}, {"Marib", "Taiz"}),
        ({"text": "warplanes"}, {"Kafr Nabl", "Ariha", "Kafr Zita"}),
        ({"min_fatalities": 3}, {"Kafr Nabl", "Kafr Zita"}),
        ({"min_fatalities": 12}, {"Kafr Zita"}),
        ({"date_from": "2020-03-04"}, {"Kafr Zita", "Marib", "Taiz"}),
        ({"date_to": "2020-03-03"}, {"Kafr Nabl", "Ariha"}),
        ({"date_from": "2020-03-04", "date_to": "2020-03-10"}, {"Kafr Zita", "Marib"}),
        ({"country": "Syria", "min_fatalities": 1}, {"Kafr Nabl", "Kafr Zita"}),
        ({"country": "Syria", "event_type": "Protests"}, set()),
    ],
)
def test_filters(client: TestClient, params: dict[str, Any], expected: set[str]) -> None:
    assert set(locations(client, **params)) == expected


def test_empty_filter_values_are_not_filters(client: TestClient) -> None:
    # what an HTML form sends for fields left blank
    params = {"country": "", "date_from": "", "min_fatalities": "", "bbox": "", "text": ""}
    assert len(locations(client, **params)) == 5


def test_pagination(client: TestClient) -> None:
    first = client.get("/api/events", params={"limit": 2}).json()
    assert (first["total"], first["limit"], first["offset"]) == (5, 2, 0)
    assert first["next_offset"] == 2
    second = client.get("/api/events", params={"limit": 2, "offset": 2}).json()
    last = client.get("/api/events", params={"limit": 2, "offset": 4}).json()
    assert last["next_offset"] is None
    assert len(last["items"]) == 1
    paged = [e["event_id"] for page in (first, second, last) for e in page["items"]]
    whole = [e["event_id"] for e in client.get("/api/events").json()["items"]]
    assert paged == whole
    assert len(set(paged)) == 5


def test_pagination_with_a_filter_counts_the_filtered_events(client: TestClient) -> None:
    body = client.get("/api/events", params={"country": "Syria", "limit": 1, "offset": 1}).json()
    assert body["total"] == 3
    assert body["next_offset"] == 2


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({"bbox": "1,2"}, "bbox must be min_lon,min_lat,max_lon,max_lat (4 numbers), got '1,2'"),
        (
            {"bbox": "a,b,c,d"},
            "bbox must be min_lon,min_lat,max_lon,max_lat (4 numbers), got 'a,b,c,d'",
        ),
        (
            {"bbox": "37,35,36,36"},
            "bbox '37,35,36,36' is not a box: need -180 <= min_lon <= max_lon <= 180 "
            "and -90 <= min_lat <= max_lat <= 90",
        ),
        (
            {"date_from": "2020-13-01"},
            "date_from must be a day written YYYY-MM-DD, got '2020-13-01'",
        ),
        ({"date_to": "March"}, "date_to must be a day written YYYY-MM-DD, got 'March'"),
        (
            {"date_from": "2020-03-05", "date_to": "2020-03-01"},
            "date_from (2020-03-05) is after date_to (2020-03-01)",
        ),
        ({"min_fatalities": "-1"}, "min_fatalities must be a whole number of 0 or more, got '-1'"),
        ({"text": "!!"}, "text must contain at least one word, got '!!'"),
    ],
)
def test_invalid_filters_say_why(client: TestClient, params: dict[str, str], detail: str) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    assert response.json() == {"detail": detail}


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 1001}, {"offset": -1}])
def test_page_bounds(client: TestClient, params: dict[str, int]) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", next(iter(params))]


# -- one event ----------------------------------------------------------------------------------


def test_detail_has_sources_and_marked_evidence(client: TestClient, ids: dict[str, str]) -> None:
    body = client.get(f"/api/events/{ids['Kafr Nabl']}").json()
    assert body["event"]["location"] == "Kafr Nabl"
    assert body["event"]["fatalities"] == 3
    assert [s["doc_id"] for s in body["sources"]] == ["idlib-1"]
    assert body["sources"][0]["source"] == "Test Wire"
    (article,) = body["articles"]
    assert article["found"] is True
    assert article["title"] == "Strikes on Idlib towns"
    assert "".join(s["text"] for s in article["segments"]) == SYRIA.text
    marked = [s["text"] for s in article["segments"] if s["evidence"]]
    assert marked == ["Warplanes struck the town of Kafr Nabl on Tuesday, killing three civilians."]
    assert body["history"][0]["action"] == "create"


@pytest.mark.parametrize("suffix", ["", "/history", "/sources"])
def test_unknown_event_is_404_naming_it(client: TestClient, suffix: str) -> None:
    response = client.get(f"/api/events/cc-nope{suffix}")
    assert response.status_code == 404
    assert response.json() == {"detail": "event 'cc-nope' not found"}


def test_timeline(client: TestClient) -> None:
    assert client.get("/api/events/timeline", params={"country": "Syria"}).json() == [
        {"date": "2020-03-03", "events": 2, "fatalities": 3},
        {"date": "2020-03-04", "events": 1, "fatalities": 12},
    ]


# -- exports ------------------------------------------------------------------------------------


def test_export_csv_has_acled_columns(client: TestClient) -> None:
    response = client.get("/api/events/export", params={"format": "csv", "country": "Yemen"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="events.csv"'
    lines = response.text.splitlines()
    assert lines[0].startswith("event_id,event_date,time_precision,event_type,sub_event_type,")
    assert len(lines) == 3


def test_export_geojson(client: TestClient) -> None:
    response = client.get("/api/events/export", params={"format": "geojson"})
    assert response.headers["content-type"] == "application/geo+json"
    features = json.loads(response.text)["features"]
    assert len(features) == 5
    taiz = next(f for f in features if f["properties"]["location"] == "Taiz")
    assert taiz["geometry"] is None


def test_export_parquet(client: TestClient) -> None:
    response = client.get("/api/events/export", params={"format": "parquet", "min_fatalities": 1})
    assert response.headers["content-type"] == "application/vnd.apache.parquet"
    assert response.content[:4] == b"PAR1"
    table = pq.read_table(io.BytesIO(response.content))
    assert sorted(table.column("location").to_pylist()) == ["Kafr Nabl", "Kafr Zita", "Marib"]
    assert table.schema.field("fatalities").type == "int64"


def test_export_unknown_format(client: TestClient) -> None:
    response = client.get("/api/events/export", params={"format": "xls"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("unknown exporter 'xls': choose one of ")
    assert "parquet" in response.json()["detail"]


# -- corrections --------------------------------------------------------------------------------


def test_correction_needs_a_token(client: TestClient, ids: dict[str, str]) -> None:
    url = f"/api/events/{ids['Ariha']}"
    body = {"fields": {"fatalities": 2}}
    missing = client.patch(url, json=body)
    assert missing.status_code == 401
    assert missing.json() == {"detail": MISSING_TOKEN}
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = client.patch(url, json=body, headers={"Authorization": f"Bearer {OTHER_TOKEN}"})
    assert wrong.status_code == 403
    assert wrong.json() == {"detail": INVALID_TOKEN}
    assert client.get(url).json()["event"]["fatalities"] == 0


def test_correction_changes_the_event_and_is_in_its_history(
    client: TestClient, ids: dict[str, str]
) -> None:
    url = f"/api/events/{ids['Ariha']}"
    body = {"fields": {"fatalities": 2, "notes": "Two died later in hospital."}, "note": "MoH"}
    response = client.patch(url, json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    assert response.json()["fatalities"] == 2
    detail = client.get(url).json()
    assert detail["event"]["fatalities"] == 2
    assert detail["event"]["notes"] == "Two died later in hospital."
    last = detail["history"][-1]
    assert last["action"] == "correct"
    assert last["note"] == "MoH"
    assert last["user"].startswith("token:")
    assert last["changes"]["fatalities"] == {"old": 0, "new": 2}
    assert client.get("/api/events", params={"min_fatalities": 2}).json()["total"] == 3


def test_correction_of_unknown_event_is_404(client: TestClient) -> None:
    response = client.patch("/api/events/cc-nope", json={"fields": {"fatalities": 1}}, headers=AUTH)
    assert response.status_code == 404
    assert response.json() == {"detail": "event 'cc-nope' not found"}


def test_correction_without_fields(client: TestClient, ids: dict[str, str]) -> None:
    response = client.patch(f"/api/events/{ids['Ariha']}", json={"fields": {}}, headers=AUTH)
    assert response.status_code == 422
    assert response.json() == {
        "detail": "no fields to correct: give at least one field in 'fields'"
    }


def test_correction_of_an_unknown_field(client: TestClient, ids: dict[str, str]) -> None:
    response = client.patch(
        f"/api/events/{ids['Ariha']}", json={"fields": {"event_id": "x"}}, headers=AUTH
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": "invalid correction: fields.event_id: Extra inputs are not permitted"
    }


# Sent as raw bytes: NaN, Infinity and lone surrogates are what Python's json writes and a
# hostile client sends, and what the answer must not echo.
BAD_CORRECTIONS = [
    ('{"fields": {"latitude": NaN}}', "fields.latitude: Input should be a finite number"),
    ('{"fields": {"latitude": Infinity}}', "fields.latitude: Input should be a finite number"),
    ('{"fields": {"longitude": -Infinity}}', "fields.longitude: Input should be a finite number"),
    ('{"fields": {"fatalities": 1e400}}', "fields.fatalities: Input should be a valid integer"),
    ('{"fields": {"fatalities": true}}', "fields.fatalities: Input should be a valid integer"),
    ('{"fields": {"fatalities": "5"}}', "fields.fatalities: Input should be a valid integer"),
    ('{"fields": {"latitude": "36.1"}}', "fields.latitude: Input should be a valid number"),
    (
        '{"fields": {"unresolved_location": 1}}',
        "fields.unresolved_location: Input should be a valid boolean",
    ),
    (
        '{"fields": {"location": "Ariha\\u001b[2J"}}',
        "fields: location: control character U+001B is not allowed",
    ),
    (
        '{"fields": {"location": "Ari\\u0000ha"}}',
        "fields: location: control character U+0000 is not allowed",
    ),
    (
        '{"fields": {"fatalities_breakdown": {"a\\u0007": 1}}}',
        "fields: fatalities_breakdown: control character U+0007 is not allowed",
    ),
    (
        '{"fields": {"fatalities": 2}, "note": "per\\u009bOCHA"}',
        "note: control character U+009B is not allowed",
    ),
]


@pytest.mark.parametrize(("body", "detail"), BAD_CORRECTIONS)
def test_a_bad_value_is_a_422_that_names_the_field(
    client: TestClient, ids: dict[str, str], body: str, detail: str
) -> None:
    url = f"/api/events/{ids['Ariha']}"
    before = client.get(url).json()["event"]
    response = client.patch(url, content=body, headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    assert response.json() == {"detail": f"invalid correction: {detail}"}
    assert client.get(url).json()["event"] == before


@pytest.mark.parametrize("field", ["location", "actor1", "notes"])
def test_a_lone_surrogate_is_refused_as_invalid_json(
    client: TestClient, ids: dict[str, str], field: str
) -> None:
    body = '{"fields": {"FIELD": "Ariha \\ud800"}, "note": "x"}'.replace("FIELD", field)
    response = client.patch(
        f"/api/events/{ids['Ariha']}",
        content=body,
        headers={**AUTH, "Content-Type": "application/json"},
    )
    assert response.status_code == 422, response.text
    assert response.json()["detail"].startswith("invalid correction: Invalid JSON: ")


def test_free_text_keeps_its_newlines(client: TestClient, ids: dict[str, str]) -> None:
    response = client.patch(
        f"/api/events/{ids['Ariha']}",
        json={"fields": {"notes": "Shelling.\n\tTwo killed."}, "note": "line\nbreak"},
        headers=AUTH,
    )
    assert response.status_code == 200, response.text
    assert response.json()["notes"] == "Shelling.\n\tTwo killed."


@pytest.mark.parametrize("body", ["{not json", '{"fields": {"latitude": NaN}}', ""])
def test_the_token_is_checked_before_the_body(
    client: TestClient, ids: dict[str, str], body: str
) -> None:
    url = f"/api/events/{ids['Ariha']}"
    headers = {"Content-Type": "application/json"}
    missing = client.patch(url, content=body, headers=headers)
    assert (missing.status_code, missing.json()) == (401, {"detail": MISSING_TOKEN})
    wrong = client.patch(
        url, content=body, headers={**headers, "Authorization": f"Bearer {OTHER_TOKEN}"}
    )
    assert (wrong.status_code, wrong.json()) == (403, {"detail": INVALID_TOKEN})
    valid = client.patch(url, content=body, headers={**headers, **AUTH})
    assert valid.status_code == 422


def test_correction_the_store_refuses_says_why(client: TestClient, ids: dict[str, str]) -> None:
    response = client.patch(
        f"/api/events/{ids['Ariha']}",
        json={"fields": {"sub_event_type": "Armed clash"}},
        headers=AUTH,
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": f"cannot correct event {ids['Ariha']}: sub_event_type 'Armed clash' "
        "belongs to event_type 'Battles', not 'Explosions/Remote violence'"
    }


def test_correction_of_a_field_to_a_bad_value(client: TestClient, ids: dict[str, str]) -> None:
    response = client.patch(
        f"/api/events/{ids['Ariha']}", json={"fields": {"fatalities": None}}, headers=AUTH
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": f"cannot correct event {ids['Ariha']}: "
        "fatalities must be a whole number >= 0, got None"
    }
