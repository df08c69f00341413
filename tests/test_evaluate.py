"""Tests for conflictcoder.evaluate (with a fake coder; fixtures are invented texts)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from conflictcoder.errors import InputError
from conflictcoder.evaluate import (
    FIELDS,
    NO_EVENT,
    EvaluationReport,
    civilian_deaths,
    civilian_range,
    evaluate,
    label_scores,
    macro_f1,
    match_events,
    normalize_name,
    read_gold,
    weighted_f1,
)
from conflictcoder.model import Article, Event

FIXTURES = Path(__file__).parent / "fixtures" / "eval"
GOLD = FIXTURES / "gold.jsonl"
LABELS = FIXTURES / "labels.jsonl"
CIVILIANS = FIXTURES / "civilians.jsonl"


def _gold_events() -> dict[str, list[dict[str, Any]]]:
    result = {}
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        result[data["id"]] = data["gold"]["events"]
    return result


def _event(data: dict[str, Any], **changes: Any) -> Event:
    values = {k: v for k, v in data.items() if k != "optional"}
    values["fatalities"] = values.get("fatalities") or 0
    values.update(changes)
    return Event.from_dict(values)


class FakeCoder:
    """Returns prepared events per document id, with the same methods as Coder."""

    def __init__(self, by_doc: dict[str, list[Event]]) -> None:
        self.by_doc = by_doc
        self.seen: list[Article] = []

    def code(self, article: Article) -> list[Event]:
        self.seen.append(article)
        return [_event(e.to_dict(), doc_ids=[article.id]) for e in self.by_doc.get(article.id, [])]

    def code_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        for article in articles:
            yield article, self.code(article)


class CodeOnlyCoder:
    def __init__(self, inner: FakeCoder) -> None:
        self.inner = inner

    def code(self, article: Article) -> list[Event]:
        return self.inner.code(article)


def _perfect() -> FakeCoder:
    return FakeCoder({doc: [_event(e) for e in events] for doc, events in _gold_events().items()})


def test_perfect_predictions_score_one() -> None:
    coder = _perfect()
    report = evaluate([GOLD], coder=coder)
    assert [a.id for a in coder.seen] == ["ev-single", "ev-all", "ev-none", "ev-type"]
    assert (report.documents, report.gold_events, report.optional_gold_events) == (4, 4, 1)
    assert (report.predicted, report.matched, report.optional_matched) == (5, 4, 1)
    assert report.false_positives == 0
    assert (report.precision, report.recall, report.f1) == (1.0, 1.0, 1.0)
    for name, score in report.fields.items():
        assert score.correct == score.total, name
    assert report.fields["event_type"].total == 5  # 4 full pairs + 1 type_only pair
    assert report.fields["actor1"].total == 3  # the optional gold event has no actor1
    assert report.fields["location_10km"].total == 4
    assert report.errors == []


def test_articles_are_built_from_the_document_keys() -> None:
    coder = _perfect()
    evaluate([GOLD], coder=coder)
    article = coder.seen[1]
    assert article.title == "Strikes and clashes in Idleb"
    assert article.published is not None and article.published.isoformat() == "2021-03-06"
    assert article.source == "Invented Daily"
    assert article.url == "https://example.org/a"
    assert article.text.startswith("Russian jets struck al-Bara")
    assert article.origin == f"{GOLD}:2"


def test_code_only_coder_gives_the_same_report() -> None:
    a = evaluate([GOLD], coder=_perfect()).to_dict()
    b = evaluate([GOLD], coder=CodeOnlyCoder(_perfect())).to_dict()
    assert a == b


def _imperfect() -> FakeCoder:
    gold = _gold_events()
    single = gold["ev-single"][0]
    strike, _clash, _optional = gold["ev-all"]
    return FakeCoder(
        {
            "ev-single": [
                _event(
                    single,
                    sub_event_type="Armed clash",
                    event_type="Battles",
                    location="Binnish",
                    latitude=35.95,
                    longitude=36.71,
                ),
                _event(
                    single, location="Kafr Nabel", latitude=35.64, longitude=36.56, fatalities=3
                ),
            ],
            "ev-all": [
                _event(strike, location="al Bara"),
                _event(
                    strike,
                    event_type="Protests",
                    sub_event_type="Peaceful protest",
                    location="Damascus",
                    latitude=33.51,
                    longitude=36.29,
                    actor1="Protesters",
                ),
            ],
            "ev-none": [_event(strike)],
            "ev-type": [
                Event("2021-03-05", "Protests", "Protest with intervention", location="Nowhere")
            ],
        }
    )


def test_imperfect_predictions() -> None:
    report = evaluate([GOLD], coder=_imperfect())
    assert (report.gold_events, report.predicted, report.matched) == (4, 6, 3)
    assert (report.false_positives, report.optional_matched) == (3, 0)
    assert report.precision == 0.5
    assert report.recall == 0.75
    assert report.f1 == pytest.approx(0.6)
    fields = report.fields
    # single: the shelling prediction wins over the clash; its name differs, its place is 3 km off
    assert (fields["location"].correct, fields["location"].total) == (1, 2)
    assert (fields["location_10km"].correct, fields["location_10km"].total) == (2, 2)
    assert (fields["fatalities"].correct, fields["fatalities"].total) == (1, 2)
    # type_only pair: type right, sub-type wrong, nothing else scored
    assert (fields["event_type"].correct, fields["event_type"].total) == (3, 3)
    assert (fields["sub_event_type"].correct, fields["sub_event_type"].total) == (2, 3)
    assert fields["admin1"].total == 2


def test_error_lines() -> None:
    report = evaluate([GOLD], coder=_imperfect())
    by_field: dict[str, list[dict[str, Any]]] = {}
    for error in report.errors:
        assert set(error) == {"doc_id", "field", "gold", "predicted", "event_id", "file"}
        assert error["file"] == str(GOLD)
        by_field.setdefault(error["field"], []).append(error)
    assert [e["doc_id"] for e in by_field["missed_event"]] == ["ev-all"]
    assert by_field["missed_event"][0]["gold"]["location"] == "Saraqab"
    assert sorted(e["doc_id"] for e in by_field["false_positive"]) == [
        "ev-all",
        "ev-none",
        "ev-single",
    ]
    [location] = by_field["location"]
    assert (location["doc_id"], location["gold"], location["predicted"]) == (
        "ev-single",
        "Kafr Nabl",
        "Kafr Nabel",
    )
    [sub] = by_field["sub_event_type"]
    assert (sub["gold"], sub["predicted"]) == ("Peaceful protest", "Protest with intervention")
    buf = io.StringIO()
    assert report.write_errors(buf) == len(report.errors)
    lines = buf.getvalue().splitlines()
    assert [json.loads(line) for line in lines] == report.errors


def test_no_predictions() -> None:
    report = evaluate([GOLD], coder=FakeCoder({}))
    assert (report.matched, report.predicted) == (0, 0)
    assert (report.precision, report.recall, report.f1) == (0.0, 0.0, 0.0)
    assert all(score.total == 0 for score in report.fields.values())
    assert [e["field"] for e in report.errors].count("missed_event") == 4


def test_to_dict_and_table() -> None:
    report = evaluate([GOLD], coder=_imperfect())
    data = report.to_dict()
    assert list(data["fields"]) == list(FIELDS)
    assert data["precision"] == 0.5 and data["recall"] == 0.75
    assert data["fields"]["location_10km"] == {"correct": 2, "total": 2, "accuracy": 1.0}
    assert json.loads(json.dumps(data)) == data
    console = Console(file=io.StringIO(), width=100)
    console.print(report.to_table())
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "precision" in text and "0.500" in text and "location_25km" in text


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ar-Raqqa", "Raqqa"),
        ("Al-Bara", "al Bara"),
        ("Tell al-Abyad", "Tell Abyad"),
        ("Deir-ez-Zor", "deir ez zor"),
        ("Dar'a", "Dara"),
        ("Ma’arrat Misrin", "Maarrat Misrin"),
        ("Ḥamāh", "Hamah"),
        ("As-Sweida", "Sweida"),
    ],
)
def test_normalize_name_equal(a: str, b: str) -> None:
    assert normalize_name(a) == normalize_name(b)


@pytest.mark.parametrize(
    ("a", "b"), [("Kafr Nabl", "Kafr Nabel"), ("Homs", "Hama"), ("Bab", "Bara")]
)
def test_normalize_name_different(a: str, b: str) -> None:
    assert normalize_name(a) != normalize_name(b)


def _g(**kw: Any) -> dict[str, Any]:
    return {"event_type": "Battles", "sub_event_type": "Armed clash", **kw}


def test_all_mode_needs_same_type_or_place() -> None:
    gold = [_g(location="Hama")]
    other_type_elsewhere = {
        "event_type": "Riots",
        "sub_event_type": "Mob violence",
        "location": "Homs",
    }
    other_type_same_place = {
        "event_type": "Riots",
        "sub_event_type": "Mob violence",
        "location": "hama",
    }
    assert match_events(gold, [other_type_elsewhere], "all") == []
    assert match_events(gold, [other_type_elsewhere], "single") == [(0, 0)]
    assert match_events(gold, [other_type_same_place], "all") == [(0, 0)]


def test_all_mode_place_within_25km_counts() -> None:
    gold = [{"event_type": "Riots", "location": "A", "latitude": 35.0, "longitude": 36.0}]
    near = {"event_type": "Battles", "location": "B", "latitude": 35.1, "longitude": 36.0}
    far = {"event_type": "Battles", "location": "B", "latitude": 35.5, "longitude": 36.0}
    assert match_events(gold, [far], "all") == []
    assert match_events(gold, [near], "all") == [(0, 0)]


def test_matching_is_one_to_one_and_prefers_the_better_pair() -> None:
    gold = [_g(location="Hama", event_date="2020-01-01"), _g(location="Homs")]
    preds = [_g(location="Homs"), _g(location="Hama", event_date="2020-01-01")]
    assert match_events(gold, preds, "all") == [(0, 1), (1, 0)]
    assert match_events(gold, preds[:1], "all") == [(1, 0)]


def test_required_gold_wins_a_tie_with_optional() -> None:
    gold = [_g(location="Hama", optional=True), _g(location="Hama")]
    assert match_events(gold, [_g(location="Hama")], "all") == [(1, 0)]


def test_optional_gold_matched_is_not_a_false_positive(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    line = {
        "id": "x",
        "text": "t",
        "gold": {
            "mode": "all",
            "events": [_g(location="Hama"), _g(location="Homs", optional=True)],
        },
    }
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    coder = FakeCoder({"x": [Event(None, "Battles", "Armed clash", location="Homs")]})
    report = evaluate([path], coder=coder)
    assert (report.gold_events, report.matched, report.optional_matched) == (1, 0, 1)
    assert (report.predicted, report.false_positives) == (1, 0)
    assert report.precision == 0.0 and report.recall == 0.0


def test_gold_null_fatalities_is_zero(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    line = {"id": "x", "text": "t", "gold": {"mode": "single", "events": [_g(fatalities=None)]}}
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    report = evaluate([path], coder=FakeCoder({"x": [Event(None, "Battles", "Armed clash")]}))
    assert (report.fields["fatalities"].correct, report.fields["fatalities"].total) == (1, 1)


@pytest.mark.parametrize(
    ("gold", "predicted", "exact", "any_spelling"),
    [
        ("Tall Rifat", "Tal Rifat", False, True),  # one romanisation for another
        ("Qabasin", "Kabasin", False, True),
        ("Al-Mayadin", "Mayadin", True, True),  # the article alone: same name either way
        ("Tal Rifat", "Tal Tamr", False, False),  # another place
    ],
)
def test_location_in_any_spelling_is_scored_beside_the_exact_name(
    tmp_path: Path, gold: str, predicted: str, exact: bool, any_spelling: bool
) -> None:
    path = tmp_path / "g.jsonl"
    line = {"id": "x", "text": "t", "gold": {"mode": "single", "events": [_g(location=gold)]}}
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    coder = FakeCoder({"x": [Event(None, "Battles", "Armed clash", location=predicted)]})
    fields = evaluate([path], coder=coder).fields
    assert fields["location"].correct == int(exact)
    assert fields["location_any_spelling"].correct == int(any_spelling)
    assert fields["location_any_spelling"].total == 1


def _write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD_LINE = json.dumps({"id": "a", "text": "t", "gold": {"mode": "single", "events": []}})


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (
            "{not json",
            "malformed JSON (Expecting property name enclosed in double quotes at column 2)",
        ),
        ("[1, 2]", "expected a JSON object"),
        ('{"id": "a", "gold": {}}', "missing 'text'"),
        ('{"id": "a", "text": "t"}', "missing 'gold'"),
        (
            '{"id": "a", "text": "t", "gold": {"mode": "some", "events": []}}',
            "unknown gold mode 'some': use all, single or type_only",
        ),
        (
            '{"id": "a", "text": "t", "gold": {"mode": "all", "events": {}}}',
            "'gold.events' must be a list of objects",
        ),
        (
            '{"id": "a", "text": "t", "published": "4 March", '
            '"gold": {"mode": "all", "events": []}}',
            "invalid published date '4 March': use YYYY-MM-DD",
        ),
        (
            '{"id": "a", "text": 5, "gold": {"mode": "all", "events": []}}',
            "'text' must be a string",
        ),
    ],
)
def test_malformed_gold_line(tmp_path: Path, line: str, problem: str) -> None:
    path = _write(tmp_path, GOOD_LINE, "", line)
    with pytest.raises(InputError) as info:
        evaluate([path], coder=FakeCoder({}))
    assert str(info.value) == f"{path}:3: {problem}"
    assert info.value.line == 3


def test_missing_gold_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.jsonl"
    with pytest.raises(InputError) as info:
        list(read_gold([path]))
    assert str(info.value) == f"{path}: file not found"


def test_report_recall_example() -> None:
    assert EvaluationReport(gold_events=4, matched=2).recall == 0.5


# -- labels (type_only gold) --------------------------------------------------------------


def _typed(sub: str, event_type: str = "Explosions/Remote violence", **kw: Any) -> Event:
    return Event(None, event_type, sub, **kw)


def _label_coder() -> FakeCoder:
    return FakeCoder(
        {
            # right label, plus an extra event of another type that is not the label
            "lb-strike": [
                _typed("Shelling/artillery/missile attack", confidence=0.9),
                _typed("Air/drone strike", confidence=0.4),
            ],
            # an event of the wrong type: the label is that type
            "lb-defused": [_typed("Remote explosive/landmine/IED")],
            # no event: the label is "no event"
            "lb-protest": [],
            # a false event: the most confident prediction gives the label
            "lb-flood": [
                _typed("Peaceful protest", "Protests", confidence=0.3),
                _typed("Remote explosive/landmine/IED", confidence=0.8),
            ],
            "lb-trade": [],
        }
    )


def test_type_only_labels_pair_gold_and_predicted_labels() -> None:
    report = evaluate([LABELS], coder=_label_coder())
    assert report.labels == [
        ("Air/drone strike", "Air/drone strike"),
        ("Disrupted weapons use", "Remote explosive/landmine/IED"),
        ("Peaceful protest", NO_EVENT),
        (NO_EVENT, "Remote explosive/landmine/IED"),
        (NO_EVENT, NO_EVENT),
    ]
    scores = report.label_scores
    assert scores[NO_EVENT] == {
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
        "support": 2,
        "predicted": 2,
    }
    assert scores["Remote explosive/landmine/IED"]["support"] == 0
    assert scores["Remote explosive/landmine/IED"]["f1"] == 0.0
    # weighted: strike 1.0 x 1, defused 0 x 1, protest 0 x 1, no event 0.5 x 2 over 5
    assert report.weighted_f1 == pytest.approx(0.4)
    # macro: five labels (the wrongly predicted IED label counts too): (1 + 0.5) / 5
    assert report.macro_f1 == pytest.approx(0.3)
    # detection recall: three event documents, two with a predicted event
    assert (report.gold_events, report.matched) == (3, 2)


def test_type_only_label_errors_name_both_labels() -> None:
    report = evaluate([LABELS], coder=_label_coder())
    labels = [e for e in report.errors if e["field"] == "label"]
    assert [(e["doc_id"], e["gold"], e["predicted"]) for e in labels] == [
        ("lb-defused", "Disrupted weapons use", "Remote explosive/landmine/IED"),
        ("lb-protest", "Peaceful protest", NO_EVENT),
        ("lb-flood", NO_EVENT, "Remote explosive/landmine/IED"),
    ]
    assert labels[1]["event_id"] is None and labels[2]["event_id"]
    data = report.to_dict()["labels"]
    assert (data["documents"], data["accuracy"]) == (5, 0.4)
    assert (data["weighted_f1"], data["macro_f1"]) == (0.4, 0.3)
    assert data["per_label"]["Air/drone strike"]["f1"] == 1.0


def test_no_type_only_documents_give_no_label_scores() -> None:
    report = evaluate([GOLD], coder=_perfect())
    assert report.labels == [("Peaceful protest", "Peaceful protest")]
    empty = EvaluationReport()
    assert (empty.weighted_f1, empty.macro_f1, empty.to_dict()["labels"]) == (None, None, None)


@pytest.mark.parametrize(
    ("pairs", "weighted", "macro"),
    [
        ([("a", "a"), ("b", "b")], 1.0, 1.0),
        ([("a", "b"), ("b", "a")], 0.0, 0.0),
        # a: P 1, R 0.5, F 2/3 (support 2); b: P 0.5, R 1, F 2/3 (support 1)
        ([("a", "a"), ("a", "b"), ("b", "b")], 2 / 3, 2 / 3),
        # c is only predicted: it lowers the macro mean, not the weighted one
        ([("a", "a"), ("a", "c")], 2 / 3, 1 / 3),
    ],
)
def test_label_f1_means(pairs: list[tuple[str, str]], weighted: float, macro: float) -> None:
    scores = label_scores(pairs)
    assert weighted_f1(scores) == pytest.approx(weighted)
    assert macro_f1(scores) == pytest.approx(macro)


# -- civilian tolls as ranges --------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold", "expected"),
    [
        ({"civilians_killed_min": 4, "civilians_killed_max": 7}, (4, 7)),
        ({"civilians_killed_min": 1, "civilians_killed_max": None}, (1, 1)),
        ({"civilians_killed_min": None, "civilians_killed_max": 2}, (2, 2)),
        ({"civilians_killed_min": 5, "civilians_killed_max": 3}, (3, 5)),
        ({"civilians_killed_min": None, "civilians_killed_max": None}, None),
        ({"fatalities": 4}, None),
    ],
)
def test_civilian_range(gold: dict[str, Any], expected: tuple[int, int] | None) -> None:
    assert civilian_range(gold) == expected


def test_civilian_deaths_leave_out_combatants() -> None:
    assert civilian_deaths({"fatalities": 6, "fatalities_breakdown": {"combatants": 2}}) == 4
    assert civilian_deaths({"fatalities": 2, "fatalities_breakdown": {"combatants": 5}}) == 0
    assert civilian_deaths({"fatalities": 3, "fatalities_breakdown": {"children": 2}}) == 3
    assert civilian_deaths({}) == 0


def _strike(fatalities: int, **kw: Any) -> Event:
    return _typed("Air/drone strike", fatalities=fatalities, **kw)


def test_civilians_killed_in_range() -> None:
    coder = FakeCoder(
        {
            "cv-exact": [_strike(3)],
            # 9 dead of whom 3 militants: 6 civilians, inside 4..7
            "cv-range": [_strike(9, fatalities_breakdown={"combatants": 3})],
            # the coder found no event: a miss, not scored for the toll
            "cv-missed": [],
        }
    )
    report = evaluate([CIVILIANS], coder=coder)
    assert (report.civilians.correct, report.civilians.total) == (2, 2)
    assert (report.gold_events, report.matched) == (3, 2)
    assert report.to_dict()["civilians_killed_in_range"] == {
        "correct": 2,
        "total": 2,
        "accuracy": 1.0,
    }
    # the gold codes neither fatalities nor actors: those fields are not scored
    for name in ("fatalities", "actor1", "actor2", "assoc_actors", "actor_pair"):
        assert report.fields[name].total == 0, name
    assert report.fields["event_date"].total == 2


def test_civilians_out_of_range_is_an_error_line() -> None:
    coder = FakeCoder({"cv-exact": [_strike(1)], "cv-range": [_strike(8)], "cv-missed": []})
    report = evaluate([CIVILIANS], coder=coder)
    assert (report.civilians.correct, report.civilians.total) == (0, 2)
    wrong = [
        (e["doc_id"], e["gold"], e["predicted"])
        for e in report.errors
        if e["field"] == "civilians_killed"
    ]
    assert wrong == [("cv-exact", [3, 3], 1), ("cv-range", [4, 7], 8)]
    console = Console(file=io.StringIO(), width=100)
    console.print(report.to_table())
    assert "civilians killed in range" in console.file.getvalue()  # type: ignore[attr-defined]


# -- several files -------------------------------------------------------------------------


def test_several_files_give_per_file_reports() -> None:
    by_doc = {**_label_coder().by_doc, "cv-exact": [_strike(3)], "cv-range": [_strike(1)]}
    report = evaluate([LABELS, CIVILIANS], coder=FakeCoder(by_doc))
    assert list(report.files) == [str(LABELS), str(CIVILIANS)]
    labels, civilians = report.files[str(LABELS)], report.files[str(CIVILIANS)]
    assert (labels.documents, civilians.documents, report.documents) == (5, 3, 8)
    assert report.gold_events == labels.gold_events + civilians.gold_events
    assert labels.weighted_f1 == report.weighted_f1 == pytest.approx(0.4)
    assert civilians.labels == [] and civilians.weighted_f1 is None
    assert (civilians.civilians.correct, civilians.civilians.total) == (1, 2)
    data = report.to_dict()
    assert set(data["files"]) == {str(LABELS), str(CIVILIANS)}
    assert data["files"][str(CIVILIANS)]["civilians_killed_in_range"]["accuracy"] == 0.5
    assert data["files"][str(CIVILIANS)]["labels"] is None
    assert "files" not in data["files"][str(LABELS)]
    files = {e["file"] for e in report.errors}
    assert files == {str(LABELS), str(CIVILIANS)}
    tables = report.to_tables()
    assert [t.title for t in tables] == [str(LABELS), str(CIVILIANS), "all files"]


def test_one_file_gives_no_per_file_section() -> None:
    report = evaluate([GOLD], coder=_perfect())
    assert "files" not in report.to_dict()
    assert len(report.to_tables()) == 1
