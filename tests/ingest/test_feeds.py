"""ingest/feeds.py: RSS and Atom entries as articles (feedparser), nothing fetched."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conflictcoder.errors import InputError
from conflictcoder.ingest import read_inputs
from conflictcoder.ingest.feeds import html_to_text, read_feed
from conflictcoder.model import Article
from conflictcoder.registry import readers

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>The Valley Courier</title>
<link>https://courier.invalid/</link>
<language>en-gb</language>
<item>
  <title>Jets strike &lt;i&gt;Ariha&lt;/i&gt; market</title>
  <link>https://courier.invalid/news/ariha-market</link>
  <guid isPermaLink="false">courier-1001</guid>
  <pubDate>Sun, 09 Feb 2020 10:30:00 +0000</pubDate>
  <description>Air raids hit Ariha.</description>
  <content:encoded><![CDATA[<p>Air raids struck the vegetable market in Ariha on Sunday,
    killing four people, local rescuers said.</p><figure><figcaption>Photo: A. Lens</figcaption>
    </figure><p>Rescue workers searched the rubble until late at night.</p>
    <script>track();</script>]]></content:encoded>
</item>
<item>
  <title>Talks resume</title>
  <link>https://courier.invalid/news/talks</link>
  <description>&lt;p&gt;Delegations met again in Geneva on Monday.&lt;/p&gt;</description>
</item>
<item>
  <title>Nothing here</title>
  <link>https://courier.invalid/news/empty</link>
  <description></description>
</item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Frontline Notes</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2021-03-02T08:00:00Z</updated>
  <entry>
    <title>Shelling near Kafr Nabl</title>
    <link href="https://notes.invalid/2021/kafr-nabl"/>
    <id>tag:notes.invalid,2021:kafr-nabl</id>
    <updated>2021-03-02T07:15:00Z</updated>
    <summary type="html">&lt;p&gt;Regime artillery shelled the outskirts of Kafr Nabl
      overnight, wounding two farmers.&lt;/p&gt;</summary>
  </entry>
  <entry xml:lang="fr">
    <title>Bombardements</title>
    <link href="https://notes.invalid/2021/fr"/>
    <id>tag:notes.invalid,2021:fr</id>
    <summary>Des frappes ont touché la ville.</summary>
  </entry>
</feed>
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rss_entries_become_articles_with_their_metadata(tmp_path: Path) -> None:
    items = list(read_feed(_write(tmp_path, "courier.rss", RSS)))
    first, second, third = items
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.id == "courier-1001"
    assert first.title == "Jets strike Ariha market"
    assert first.url == "https://courier.invalid/news/ariha-market"
    assert first.source == "The Valley Courier"
    assert first.published == date(2020, 2, 9)
    # the full content wins over the short description; captions and scripts are dropped
    assert first.text == (
        "Air raids struck the vegetable market in Ariha on Sunday, killing four people, "
        "local rescuers said.\n\nRescue workers searched the rubble until late at night."
    )
    assert first.origin == f"{tmp_path / 'courier.rss'}#1"
    # no guid: the link is the id; no date: none
    assert second.id == "https://courier.invalid/news/talks"
    assert second.text == "Delegations met again in Geneva on Monday."
    assert second.published is None
    assert str(third) == f"{tmp_path / 'courier.rss'}: entry 3: empty document"


def test_atom_entries_take_updated_and_the_entry_language(tmp_path: Path) -> None:
    path = _write(tmp_path, "notes.atom", ATOM)
    first, second = list(read_feed(path, published=date(2021, 1, 1)))
    assert isinstance(first, Article)
    assert first.id == "tag:notes.invalid,2021:kafr-nabl"
    assert first.published == date(2021, 3, 2)
    assert first.source == "Frontline Notes"
    assert first.text.startswith("Regime artillery shelled the outskirts of Kafr Nabl overnight")
    assert str(second) == f"{path}: entry 2: not English (language 'fr')"


def test_entries_without_a_date_take_the_default(tmp_path: Path) -> None:
    items = list(read_feed(_write(tmp_path, "c.rss", RSS), published=date(2020, 3, 1)))
    assert isinstance(items[1], Article)
    assert items[1].published == date(2020, 3, 1)


def test_an_xml_file_that_is_no_feed_is_one_error(tmp_path: Path) -> None:
    sitemap = '<?xml version="1.0"?><urlset><url><loc>https://x.invalid/</loc></url></urlset>'
    path = _write(tmp_path, "sitemap.xml", sitemap)
    [error] = list(read_feed(path))
    assert isinstance(error, InputError)
    assert str(error).startswith(f"{path}: not an RSS or Atom feed")


def test_a_feed_without_entries_and_an_empty_file(tmp_path: Path) -> None:
    empty_feed = '<rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    assert [str(e) for e in read_feed(_write(tmp_path, "q.rss", empty_feed))] == [
        f"{tmp_path / 'q.rss'}: empty feed (no entries)"
    ]
    assert [str(e) for e in read_feed(_write(tmp_path, "e.rss", ""))] == [
        f"{tmp_path / 'e.rss'}: empty document"
    ]


def test_a_feed_link_is_never_fetched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import urllib.request

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the feed reader must not open URLs")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)
    items = list(read_feed(_write(tmp_path, "c.rss", RSS)))
    assert len(items) == 3


@pytest.mark.parametrize("suffix", [".rss", ".atom", ".xml"])
def test_feed_suffixes_are_registered(tmp_path: Path, suffix: str) -> None:
    assert readers.resolve_name(suffix) == "conflictcoder.feed.v1"
    items = list(read_inputs([_write(tmp_path, f"feed{suffix}", ATOM)]))
    assert isinstance(items[0], Article)


def test_html_to_text_keeps_paragraphs_and_plain_text() -> None:
    assert html_to_text("Two <b>died</b>.<br>Five were hurt.") == "Two died.\n\nFive were hurt."
    assert html_to_text("no markup  here ") == "no markup  here"
    assert html_to_text("<ul><li>one</li><li>two</li></ul>") == "one\n\ntwo"


BAD_REFERENCE_RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Hostile Wire</title>
<item><title>Jets strike {ref} Ariha</title><link>https://wire.invalid/1</link>
<description>Air raids struck the market in Ariha on Sunday, killing four people.</description>
</item>
<item><title>Shelling hits Kafr Nabl</title><link>https://wire.invalid/2</link>
<description>Artillery shelled Kafr Nabl on Monday, wounding two farmers.</description>
</item>
</channel></rss>
"""


@pytest.mark.parametrize(
    "ref",
    [
        "&#xD800;",
        "&#55296;",
        "&#1114112;",
        "&#x110000;",
        "&#99999999999999999999;",
        "&#xFFFE;",
        # noncharacters XML admits: a well-formed feed resolves them in the XML parser
        "&#x10FFFF;",
        "&#xFDD0;",
        "&#x1FFFE;",
    ],
)
def test_an_entry_with_an_invalid_character_reference_costs_only_itself(
    tmp_path: Path, ref: str
) -> None:
    feed = tmp_path / "hostile.rss"
    feed.write_text(BAD_REFERENCE_RSS.format(ref=ref), encoding="utf-8")
    after = tmp_path / "later.txt"
    after.write_text("Jets struck Binnish on Friday, killing two civilians.\n", encoding="utf-8")
    items = list(read_inputs([feed, after]))
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert errors == [
        f"{feed}: entry 1: invalid character reference "
        "(to a surrogate, a noncharacter or beyond U+10FFFF)"
    ]
    articles = [i for i in items if isinstance(i, Article)]
    assert [a.title for a in articles] == ["Shelling hits Kafr Nabl", None]
    assert articles[1].origin == str(after)


def test_a_valid_character_reference_is_read(tmp_path: Path) -> None:
    feed = tmp_path / "fine.rss"
    feed.write_text(BAD_REFERENCE_RSS.format(ref="&#xe9;&#233;"), encoding="utf-8")
    items = list(read_feed(feed))
    assert [i.title for i in items if isinstance(i, Article)][0] == "Jets strike éé Ariha"
    assert not [i for i in items if isinstance(i, InputError)]


def test_a_script_link_in_a_feed_is_not_kept(tmp_path: Path) -> None:
    feed = tmp_path / "links.rss"
    feed.write_text(
        BAD_REFERENCE_RSS.format(ref="").replace(
            "https://wire.invalid/1", "javascript:alert(document.cookie)"
        ),
        encoding="utf-8",
    )
    articles = [item for item in read_feed(feed) if isinstance(item, Article)]
    assert [a.url for a in articles] == [None, "https://wire.invalid/2"]
