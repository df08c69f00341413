"""Tests for conflictcoder.cli (Typer CliRunner; invented documents).

Most tests swap the pipeline for a fake coder (``cli._coder``) so that they can assert exact
events; the end-to-end tests at the bottom use the real ``Coder`` and only assert what holds
whatever events it finds (exit codes, valid output, determinism, idempotence).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conflictcoder import cli
from conflictcoder.cli import app
from conflictcoder.export import CSV_FIELDS
from conflictcoder.model import ACLED_FIELDS, Article, Event, Evidence
from conflictcoder.resolve.report_date import undated_warning

runner = CliRunner()
GOLD = Path(__file__).parent / "fixtures" / "eval" / "gold.jsonl"

DOCS = [
    {
        "id": "n1",
        "title": "Shelling in the north",
        "text": "Artillery fire hit the village of Kafr Nabl on Tuesday, residents said.",
        "published": "2021-04-06",
        "source": "Invented Wire",
        "url": None,
        "language": "en",
    },
    {
        "id": "n2",
        "title": None,
        "text": "Fighters clashed near Saraqeb overnight; both sides reported losses.",
        "published": "2021-04-07",
        "source": None,
        "url": None,
        "language": "en",
    },
    {
        "id": "n3",
        "title": None,
        "text": "Several hundred people marched through Qamishli calling for better services.",
        "published": "2021-04-08",
        "source": None,
        "url": None,
        "language": "en",
    },
]


class FakeCoder:
    """One event per article, placed by its id; same methods as ``Coder``."""

    def code(self, article: Article) -> list[Event]:
        sentence = article.text.split(";")[0]
        return [
            Event(
                event_date=article.published.isoformat() if article.published else None,
                event_type="Battles",
                sub_event_type="Armed clash",
                actor1="Opposition Rebels (Syria)",
                inter1=2,
                interaction=20,
                country="Syria",
                location=f"Place {article.id}",
                latitude=35.5 if article.id != "n2" else None,
                longitude=36.5 if article.id != "n2" else None,
                fatalities=1,
                doc_ids=[article.id],
                evidence=[Evidence(article.id, sentence, 0, len(sentence))],
            )
        ]

    def code_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        for article in articles:
            yield article, self.code(article)


@pytest.fixture()
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_coder", lambda settings: FakeCoder())


def _jsonl(path: Path, docs: list[dict[str, Any]], bad_line: str | None = None) -> Path:
    lines = [json.dumps(d) for d in docs]
    if bad_line is not None:
        lines.insert(1, bad_line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def docs(tmp_path: Path) -> Path:
    return _jsonl(tmp_path / "docs.jsonl", DOCS)


# -- extract ------------------------------------------------------------------------------


@pytest.mark.usefixtures("fake")
def test_extract_jsonl_to_stdout(docs: Path) -> None:
    result = runner.invoke(app, ["extract", str(docs)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    rows = [json.loads(line) for line in lines]
    assert [r["doc_id"] for r in rows] == ["n1", "n2", "n3"]
    assert all(list(r)[0] == "doc_id" for r in rows)
    assert rows[0]["event_date"] == "2021-04-06"
    assert result.stderr.splitlines() == ["3 documents, 3 events, 0 errors"]


@pytest.mark.usefixtures("fake")
def test_extract_malformed_line_reports_and_goes_on(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "docs.jsonl", DOCS, bad_line='{"id": "x", "text": "a" "b"}')
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {path}:2: malformed JSON (Expecting ',' delimiter at column 25)",
        "3 documents, 3 events, 1 errors",
    ]
    assert [json.loads(line)["doc_id"] for line in result.stdout.splitlines()] == [
        "n1",
        "n2",
        "n3",
    ]


@pytest.mark.usefixtures("fake")
def test_extract_missing_file(tmp_path: Path, docs: Path) -> None:
    missing = tmp_path / "nope.txt"
    result = runner.invoke(app, ["extract", str(missing), str(docs)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"error: {missing}: file not found"
    assert "Traceback" not in result.output
    assert len(result.stdout.splitlines()) == 3


@pytest.mark.usefixtures("fake")
def test_extract_output_file(tmp_path: Path, docs: Path) -> None:
    out = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["extract", str(docs), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


@pytest.mark.usefixtures("fake")
def test_extract_csv_header_is_acled_order(docs: Path) -> None:
    result = runner.invoke(app, ["extract", str(docs), "--format", "csv"])
    assert result.exit_code == 0, result.output
    reader = csv.reader(io.StringIO(result.stdout))
    header = next(reader)
    assert header[: len(ACLED_FIELDS)] == list(ACLED_FIELDS)
    assert header[len(ACLED_FIELDS)] == "doc_id"
    assert header == list(CSV_FIELDS)
    assert len(list(reader)) == 3


@pytest.mark.usefixtures("fake")
def test_extract_geojson(docs: Path) -> None:
    result = runner.invoke(app, ["extract", str(docs), "-f", "geojson"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["type"] == "FeatureCollection"
    assert [f["geometry"] is None for f in data["features"]] == [False, True, False]


@pytest.mark.usefixtures("fake")
def test_extract_published_option(tmp_path: Path) -> None:
    text = tmp_path / "report.txt"
    text.write_text("Gunmen attacked a checkpoint near Daraa, killing a soldier.\n")
    result = runner.invoke(app, ["extract", str(text), "--published", "2021-05-01"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["event_date"] == "2021-05-01"


@pytest.mark.usefixtures("fake")
def test_extract_warns_about_a_document_whose_events_have_no_date(tmp_path: Path) -> None:
    text = tmp_path / "report.txt"
    text.write_text("Gunmen attacked a checkpoint near Daraa on Monday, killing a soldier.\n")
    result = runner.invoke(app, ["extract", str(text)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [f"warning: {undated_warning('report')}"]
    dated = runner.invoke(app, ["extract", str(text), "--published", "2021-05-01"])
    assert "warning:" not in dated.stderr


def test_extract_bad_published(docs: Path) -> None:
    result = runner.invoke(app, ["extract", str(docs), "--published", "May 1"])
    assert result.exit_code == 2
    assert "--published" in result.stderr


def test_extract_unknown_format(docs: Path) -> None:
    result = runner.invoke(app, ["extract", str(docs), "--format", "xml"])
    assert result.exit_code == 2
    assert "unknown format 'xml': choose one of" in result.stderr
    assert result.stdout == ""


def test_extract_missing_config(tmp_path: Path, docs: Path) -> None:
    config = tmp_path / "nope.toml"
    result = runner.invoke(app, ["extract", str(docs), "--config", str(config)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {config}: settings file not found\n"
    assert result.stdout == ""


def test_extract_bad_config(tmp_path: Path, docs: Path) -> None:
    config = tmp_path / "user.toml"
    config.write_text("batch_sise = 10\n")
    result = runner.invoke(app, ["extract", str(docs), "--config", str(config)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {config}: unknown setting 'batch_sise'; known ")


def test_extract_unwritable_output(tmp_path: Path, docs: Path) -> None:
    out = tmp_path / "no" / "such" / "dir" / "events.jsonl"
    result = runner.invoke(app, ["extract", str(docs), "--output", str(out)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {out}: cannot write: No such file or directory\n"


# -- ingest and export ------------------------------------------------------------------


@pytest.mark.usefixtures("fake")
def test_ingest_is_idempotent(tmp_path: Path, docs: Path) -> None:
    db = tmp_path / "events.sqlite"
    first = runner.invoke(app, ["ingest", str(docs), "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert first.stdout == (
        "3 articles read, 3 new, 0 already stored, 3 events stored (3 new, 0 merged into "
        "existing events), 0 errors\n"
    )
    second = runner.invoke(app, ["ingest", str(docs), "--db", str(db)])
    assert second.exit_code == 0, second.output
    assert second.stdout == (
        "3 articles read, 0 new, 3 already stored, 0 events stored (0 new, 0 merged into "
        "existing events), 0 errors\n"
    )


@pytest.mark.usefixtures("fake")
def test_ingest_counts_errors(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "docs.jsonl", DOCS[:2], bad_line="[1, 2]")
    db = tmp_path / "events.sqlite"
    result = runner.invoke(app, ["ingest", str(path), "--db", str(db)])
    assert result.exit_code == 1
    assert result.stdout == (
        "2 articles read, 2 new, 0 already stored, 2 events stored (2 new, 0 merged into "
        "existing events), 1 errors\n"
    )
    assert result.stderr.splitlines()[0] == (
        f"error: {path}:2: expected a JSON object, got an array"
    )


@pytest.mark.usefixtures("fake")
def test_ingest_then_export(tmp_path: Path, docs: Path) -> None:
    db = tmp_path / "events.sqlite"
    assert runner.invoke(app, ["ingest", str(docs), "--db", str(db)]).exit_code == 0
    result = runner.invoke(app, ["export", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["doc_id"] for line in result.stdout.splitlines()] == [
        "n1",
        "n2",
        "n3",
    ]
    out = tmp_path / "events.csv"
    result = runner.invoke(
        app, ["export", "--db", f"sqlite:///{db}", "--format", "csv", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [row["location"] for row in rows] == ["Place n1", "Place n2", "Place n3"]
    filtered = runner.invoke(
        app, ["export", "--db", str(db), "--date-from", "2021-04-07", "--limit", "1"]
    )
    assert [json.loads(line)["doc_id"] for line in filtered.stdout.splitlines()] == ["n2"]


@pytest.mark.usefixtures("fake")
def test_export_acled_with_bom_and_inter_num(tmp_path: Path, docs: Path) -> None:
    db = tmp_path / "events.sqlite"
    assert runner.invoke(app, ["ingest", str(docs), "--db", str(db)]).exit_code == 0
    out = tmp_path / "acled.csv"
    args = ["export", "--db", str(db), "--format", "acled", "--output", str(out)]
    result = runner.invoke(app, [*args, "--bom", "--inter-num"])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfevent_id_cnty,event_date,year,time_precision,")
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig", newline="")))
    assert len(rows) == 3 and len(rows[0]) == 31
    assert all(row["timestamp"].isdigit() for row in rows)
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl", "--bom"])
    assert result.exit_code == 1
    assert result.stderr == "error: the jsonl format takes no option 'bom'\n"


def test_export_missing_store(tmp_path: Path) -> None:
    db = tmp_path / "missing.sqlite"
    result = runner.invoke(app, ["export", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {db}: store not found; create it with: conflictcoder ingest --db {db}\n"
    )
    assert not db.exists()


def test_store_error_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "notes.sqlite"
    db.write_text("plain text, not a database " * 40)
    result = runner.invoke(app, ["export", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {db}: cannot open store: file is not a database\n"
    assert "Traceback" not in result.output


def test_export_unsupported_url() -> None:
    result = runner.invoke(app, ["export", "--db", "mysql://localhost/events"])
    assert result.exit_code == 1
    assert result.stderr == (
        "error: mysql://localhost/events: unsupported store URL scheme 'mysql://'; use "
        "postgres://, postgresql://, sqlite:// or a SQLite file path\n"
    )


# -- show ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("fake")
def test_show_prints_a_table(tmp_path: Path, docs: Path) -> None:
    out = tmp_path / "events.jsonl"
    assert runner.invoke(app, ["extract", str(docs), "-o", str(out)]).exit_code == 0
    result = runner.invoke(app, ["show", str(out)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "3 events" in result.stdout
    assert "Place n2" in result.stdout


def test_show_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text('{"event_type": "Battles"}\n')
    result = runner.invoke(app, ["show", str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {path}:1: not an event: missing 'sub_event_type'\n"


# -- evaluate -------------------------------------------------------------------------------


class GoldEchoCoder:
    """Predicts exactly the required gold events of each document."""

    def __init__(self) -> None:
        self.gold: dict[str, list[dict[str, Any]]] = {}
        for line in GOLD.read_text(encoding="utf-8").splitlines():
            data = json.loads(line)
            self.gold[data["id"]] = [e for e in data["gold"]["events"] if not e.get("optional")]

    def code(self, article: Article) -> list[Event]:
        return [
            Event.from_dict({**e, "fatalities": e["fatalities"] or 0, "doc_ids": [article.id]})
            for e in self.gold[article.id]
        ]


def test_evaluate_json_and_errors_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(cli, "_coder", lambda settings: GoldEchoCoder())
    errors = tmp_path / "errors.jsonl"
    result = runner.invoke(app, ["evaluate", str(GOLD), "--json", "--errors", str(errors)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["documents"], data["gold_events"], data["matched"]) == (4, 4, 4)
    assert (data["precision"], data["recall"], data["f1"]) == (1.0, 1.0, 1.0)
    assert data["fields"]["location_10km"] == {"correct": 3, "total": 3, "accuracy": 1.0}
    assert errors.read_text(encoding="utf-8") == ""


def test_evaluate_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_coder", lambda settings: FakeCoder())
    result = runner.invoke(app, ["evaluate", str(GOLD)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    for word in ("precision", "recall", "F1", "sub_event_type", "location_25km", "fatalities"):
        assert word in result.stdout


def test_evaluate_missing_gold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_coder", lambda settings: FakeCoder())
    missing = tmp_path / "gold.jsonl"
    result = runner.invoke(app, ["evaluate", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {missing}: file not found\n"


def test_version() -> None:
    result = runner.invoke(app, ["version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("conflictcoder ")


def test_no_arguments_shows_help() -> None:
    result = runner.invoke(app, [])
    assert "extract" in result.output and "ingest" in result.output


# -- end to end with the real Coder ---------------------------------------------------------


@pytest.fixture()
def real_config(tmp_path: Path, gazetteer_path: Path) -> Path:
    config = tmp_path / "settings.toml"
    config.write_text(f"gazetteer_path = {json.dumps(str(gazetteer_path))}\n", encoding="utf-8")
    return config


def test_extract_end_to_end(tmp_path: Path, docs: Path, real_config: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(
        "On Monday, government helicopters dropped barrel bombs on Kafr Nabl in southern "
        "Idlib province, killing four civilians, rescuers said.\n",
        encoding="utf-8",
    )
    args = ["extract", str(docs), str(report), "--published", "2021-04-06"]
    args += ["--config", str(real_config)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    for line in first.stdout.splitlines():
        row = json.loads(line)
        assert list(row)[0] == "doc_id"
        assert isinstance(row["doc_id"], str) and row["doc_id"]
        Event.from_dict(row)
    assert first.stderr.splitlines()[-1].endswith(" errors")
    again = runner.invoke(app, args)
    assert again.stdout == first.stdout  # deterministic
    as_csv = runner.invoke(app, [*args, "--format", "csv"])
    assert as_csv.exit_code == 0
    assert as_csv.stdout.splitlines()[0] == ",".join(CSV_FIELDS)


def test_ingest_end_to_end(tmp_path: Path, docs: Path, real_config: Path) -> None:
    db = tmp_path / "events.sqlite"
    args = ["ingest", str(docs), "--db", str(db), "--config", str(real_config)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("3 articles read, 3 new, 0 already stored, ")
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert second.stdout == (
        "3 articles read, 0 new, 3 already stored, 0 events stored (0 new, 0 merged into "
        "existing events), 0 errors\n"
    )
    exported = runner.invoke(app, ["export", "--db", str(db)])
    assert exported.exit_code == 0
    stored = first.stdout.split(", ")[3]
    assert " events stored (" in stored
    assert len(exported.stdout.splitlines()) <= int(stored.split()[0])


# -- sources and web pages ----------------------------------------------------------------


class SourceCoder(FakeCoder):
    """FakeCoder whose events carry the article's source and URL, to see what was read."""

    def code(self, article: Article) -> list[Event]:
        events = super().code(article)
        for event in events:
            event.source = article.source
            event.notes = article.url
        return events


@pytest.fixture()
def source_coder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_coder", lambda settings: SourceCoder())


@pytest.mark.usefixtures("source_coder")
def test_source_defaults_to_the_file_name_and_source_option_overrides(
    tmp_path: Path, docs: Path
) -> None:
    report = tmp_path / "report.txt"
    report.write_text("Clashes near Testburg\n\nFighters clashed near Testburg on Monday.\n")
    result = runner.invoke(app, ["extract", str(report), str(docs)])
    assert result.exit_code == 0, result.output
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    # n1 names its outlet; n2 and n3 name none
    assert sources == ["report.txt", "Invented Wire", "docs.jsonl", "docs.jsonl"]
    result = runner.invoke(app, ["extract", str(report), "--source", "Test Courier"])
    assert [json.loads(line)["source"] for line in result.stdout.splitlines()] == ["Test Courier"]


@pytest.mark.usefixtures("source_coder")
def test_extract_fetches_a_web_page(tmp_path: Path) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    body = b"Clashes near Testburg\n\nFighters clashed near Testburg on Monday.\n"

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            found = self.path == "/news/clashes.txt"
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body) if found else 0))
            self.end_headers()
            if found:
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        result = runner.invoke(app, ["extract", f"{site}/news/clashes.txt", f"{site}/gone"])
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    event = json.loads(line)
    assert (event["source"], event["notes"]) == ("127.0.0.1", f"{site}/news/clashes.txt")
    # (the page names no date: a warning says so)
    assert f"error: {site}/gone: the server answered 404" in result.stderr.splitlines()
