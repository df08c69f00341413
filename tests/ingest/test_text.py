"""ingest/text.py: one plain-text file, one article."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conflictcoder.config import Settings
from conflictcoder.errors import InputError
from conflictcoder.ingest.text import read_text
from conflictcoder.model import Article

REPORT = """Shelling hits Ariha market as fighting spreads

3 min read
9 February, 2020
Artillery shells struck the market in Ariha on Sunday, killing four people, rescuers said.
Smoke rises over the market square [AFP]

Read also: Aid convoy reaches besieged villages

Rescuers were still searching the rubble late on Sunday.

Follow us on Twitter and Instagram to stay connected
"""


def _one(path: Path, **kwargs: object) -> Article | InputError:
    items = list(read_text(path, **kwargs))
    assert len(items) == 1
    return items[0]


def test_text_file_gives_title_dateline_date_and_clean_text(tmp_path: Path) -> None:
    path = tmp_path / "ariha-report.txt"
    path.write_text(REPORT, encoding="utf-8")
    article = _one(path, published=date(2021, 1, 1))
    assert isinstance(article, Article)
    assert article.id == "ariha-report"
    assert article.title == "Shelling hits Ariha market as fighting spreads"
    assert article.published == date(2020, 2, 9)  # the document's own dateline wins
    assert article.origin == str(path)
    assert article.language == "en"
    assert article.text == (
        "Shelling hits Ariha market as fighting spreads\n\n"
        "9 February, 2020\n\n"
        "Artillery shells struck the market in Ariha on Sunday, killing four people, "
        "rescuers said.\n\n"
        "Rescuers were still searching the rubble late on Sunday."
    )


def test_published_fills_a_text_without_dateline(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Three people were killed in Ariha on Sunday.\n", encoding="utf-8")
    article = _one(path, published=date(2020, 2, 10))
    assert isinstance(article, Article)
    assert article.published == date(2020, 2, 10)
    assert article.title is None  # a first line with a final period is no title
    assert _one(path).published is None  # type: ignore[union-attr]


def test_a_sentence_with_a_date_is_not_a_dateline(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Jets strike Ariha\n\nOn 9 February, 2020, jets struck Ariha.\n")
    article = _one(path)
    assert isinstance(article, Article) and article.published is None


def test_stray_nul_and_bad_bytes_in_a_text_are_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(
        b"Three people were killed\x00 in Ariha on Sunday. "
        + b"Rescuers said the toll could \x92rise\x92. " * 5
    )
    article = _one(path)
    assert isinstance(article, Article)
    assert article.text.startswith("Three people were killed in Ariha on Sunday. ")
    assert "\x00" not in article.text and "could \ufffdrise\ufffd." in article.text


def test_bad_text_files_give_one_clear_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n \n")
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    arabic = tmp_path / "a.txt"
    arabic.write_text("قتل ثلاثة مدنيين في قصف جوي على مدينة أريحا يوم الأحد", encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text("Three people were killed. " * 3)
    assert str(_one(empty)) == f"{empty}: empty document"
    assert str(_one(binary)) == f"{binary}: not a text document (binary content)"
    assert str(_one(arabic)) == (
        f"{arabic}: not English (mostly Arabic letters: 0% Latin, below min_latin_ratio = 0.6)"
    )
    assert str(_one(big, settings=Settings(max_document_chars=50))) == (
        f"{big}: document too large (78 characters; the limit is max_document_chars = 50)"
    )
    assert str(_one(tmp_path / "gone.txt")) == f"{tmp_path / 'gone.txt'}: file not found"
