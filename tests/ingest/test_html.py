"""ingest/html.py: trafilatura main text, our clean-up, and dates only from the page itself."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import trafilatura

from conflictcoder.errors import InputError
from conflictcoder.ingest.html import read_html
from conflictcoder.model import Article

FIXTURE = Path(__file__).parent.parent / "fixtures" / "ingest" / "related_links.html"

PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>Jets strike Ariha market | Example Wire</title>{head}
</head><body>
<nav><a href="/">Home</a></nav>
<article>
<h1>Jets strike Ariha market</h1>
{top}
<p>Air raids struck the vegetable market in the town of Ariha on Sunday morning, killing four
people and wounding at least eleven others, local rescuers said.</p>
<p>Rescue workers said they were still searching the rubble of two shops late on Sunday, and
that the toll could rise further as more bodies were recovered.</p>
</article>
<aside><ul>{related}</ul></aside>
</body></html>
"""


def _page(
    tmp_path: Path,
    name: str = "page.html",
    *,
    lang: str = "en",
    head: str = "",
    top: str = "",
    related: str = "",
) -> Path:
    path = tmp_path / name
    path.write_text(PAGE.format(lang=lang, head=head, top=top, related=related), encoding="utf-8")
    return path


def _one(path: Path, **kwargs: object) -> Article | InputError:
    items = list(read_html(path, **kwargs))
    assert len(items) == 1
    return items[0]


def test_related_link_dates_never_become_the_publication_date() -> None:
    # the fixture does tempt htmldate: with trafilatura's defaults the page gets a URL's date
    raw = trafilatura.bare_extraction(FIXTURE.read_bytes(), with_metadata=True)
    assert raw is not None and getattr(raw, "date", None) == "2015-03-04"
    article = _one(FIXTURE)
    assert isinstance(article, Article)
    assert article.published is None
    assert _one(FIXTURE, published=date(2020, 5, 7)).published == date(2020, 5, 7)  # type: ignore[union-attr]


def test_page_text_title_and_source_with_boilerplate_removed() -> None:
    article = _one(FIXTURE)
    assert isinstance(article, Article)
    assert article.id == "related_links"
    assert article.title == "Mortar fire hits school in Al-Bab"
    assert article.source == "Northern Dispatch"
    assert article.origin == str(FIXTURE)
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == "Mortar fire hits school in Al-Bab"
    assert paragraphs[1].startswith("Mortar rounds fired from the south struck a primary school")
    assert len(paragraphs) == 4
    for junk in ("min read", "Read also", "Follow us", "[AFP]", "Talks collapse", "rights"):
        assert junk not in article.text


@pytest.mark.parametrize(
    ("head", "top", "expected"),
    [
        (
            '<meta property="article:published_time" content="2020-02-09T08:15:00+00:00">',
            "",
            date(2020, 2, 9),
        ),
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2020-02-09"}</script>',
            "",
            date(2020, 2, 9),
        ),
        ("", '<p class="article-date">Published 9 Feb 2020</p>', date(2020, 2, 9)),
        ("", '<time datetime="2020-02-09">Sunday</time>', date(2020, 2, 9)),
        ("", "<p>9 February, 2020</p>", date(2020, 2, 9)),  # a dateline in the text
        ("", "", None),
    ],
)
def test_the_page_own_date(tmp_path: Path, head: str, top: str, expected: date | None) -> None:
    article = _one(_page(tmp_path, head=head, top=top))
    assert isinstance(article, Article) and article.published == expected


def test_a_date_in_a_related_list_time_element_is_not_the_page_date(tmp_path: Path) -> None:
    related = (
        '<li><time datetime="2016-07-09">9 July 2016</time>'
        '<a href="/2016/07/09/old">An older story about the same town</a></li>'
    )
    article = _one(_page(tmp_path, related=related))
    assert isinstance(article, Article) and article.published is None


def test_bad_pages_give_one_clear_error(tmp_path: Path) -> None:
    arabic = _page(tmp_path, "ar.html", lang="ar")
    empty = tmp_path / "empty.html"
    empty.write_text("  \n")
    binary = tmp_path / "bin.html"
    binary.write_bytes(bytes(range(256)) * 4)
    bare = tmp_path / "bare.html"
    bare.write_text("<html><head><title>Home</title></head><body><img src='a.png'></body></html>")
    assert str(_one(arabic)) == f"{arabic}: not English (language 'ar')"
    assert str(_one(empty)) == f"{empty}: empty document"
    assert str(_one(binary)) == f"{binary}: not a text document (binary content)"
    assert str(_one(bare)) == f"{bare}: no main text found in the page"
