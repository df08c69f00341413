"""Tests for conflictcoder.resolve.sources: news sources -> the country they cover."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from conflictcoder.errors import OntologyError
from conflictcoder.resolve.sources import SOURCES_FILE, SourceCountries, acled_country


@pytest.fixture(scope="module")
def sources() -> SourceCountries:
    return SourceCountries.load()


def _write(tmp_path: Path, text: str, name: str = "user_sources.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _refusal(path: Path) -> str:
    with pytest.raises(OntologyError) as info:
        SourceCountries.load(path)
    return str(info.value)


# ---------------------------------------------------------------------------- matching


@pytest.mark.parametrize(
    "source",
    [
        "SOHR",
        "sohr",
        "Syrian Observatory for Human Rights",
        "Syrian Observatory for Human Rights (SOHR)",
        "  Enab Baladi ",
        "Deir Ezzor 24",
        "DeirEzzor24",
        "Deir-Ezzor 24",
    ],
)
def test_a_single_country_outlet_gives_its_country_by_name(
    sources: SourceCountries, source: str
) -> None:
    assert sources.country(source, None) == "Syria"


def test_every_part_of_a_source_string_is_matched(sources: SourceCountries) -> None:
    assert sources.country("Valley Courier; SOHR", None) == "Syria"
    assert sources.country("Valley Courier, Ukrinform", None) == "Ukraine"
    assert sources.country("SOHR; Enab Baladi, SNHR", None) == "Syria"


def test_outlets_not_listed_say_nothing(sources: SourceCountries) -> None:
    assert sources.country("Valley Courier; Hill Gazette", None) is None
    assert sources.country("", None) is None
    assert sources.country(None, None) is None
    # a listed name inside a longer outlet name is another outlet
    assert sources.country("SOHR Watchers Weekly", None) is None


def test_parts_that_disagree_give_no_country(sources: SourceCountries) -> None:
    assert sources.country("SOHR; Ukrinform", None) is None
    assert sources.country("SOHR", "https://www.kyivpost.com/post/1") is None


@pytest.mark.parametrize(
    "url",
    [
        "https://syriahr.com/en/12345/",
        "https://www.syriahr.com/en/12345/",
        "http://EN.Enabbaladi.net/archives/2020/02/x",
        "syriadirect.org/news/x",
        "https://www.snhr.org:443/report",
    ],
)
def test_a_site_and_its_subdomains_give_the_country(sources: SourceCountries, url: str) -> None:
    assert sources.country(None, url) == "Syria"


@pytest.mark.parametrize(
    "url",
    [
        "https://notsyriahr.com/a",  # only whole labels: not a subdomain
        "https://syriahr.com.example.net/a",
        "https://valley-courier.example/a",
        "https://[broken/a",
        "",
    ],
)
def test_other_sites_and_bad_addresses_give_no_country(sources: SourceCountries, url: str) -> None:
    assert sources.country(None, url) is None


def test_multi_country_outlets_are_not_listed(sources: SourceCountries) -> None:
    for outlet in ("Reuters", "AFP", "Al Jazeera", "Liveuamap", "ACLED"):
        assert sources.country(outlet, None) is None


def test_a_matcher_built_by_hand() -> None:
    matcher = SourceCountries({"Valley Courier": "Syria"}, {"valley-courier.example": "Syria"})
    assert matcher.country("valley  courier", None) == "Syria"
    assert matcher.country(None, "https://news.valley-courier.example/1") == "Syria"
    assert matcher.country("SOHR", None) is None


# ---------------------------------------------------------------------------- user file


def test_a_user_file_adds_outlets_and_takes_packaged_ones(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "sources:\n"
        "  - country: Yemen\n"
        "    names: [Valley Courier, VC]\n"
        "    domains: [valley-courier.example]\n"
        "  - country: Iraq\n"
        "    names: [Enab Baladi]\n",
    )
    merged = SourceCountries.load(path)
    assert merged.country("vc", None) == "Yemen"
    assert merged.country(None, "https://www.valley-courier.example/x") == "Yemen"
    assert merged.country("Enab Baladi", None) == "Iraq"  # the user file wins
    assert merged.country(None, "https://enabbaladi.net/x") == "Syria"  # the domain stays
    assert merged.country("SOHR", None) == "Syria"  # the packaged list is still there
    assert SourceCountries.load().country("Enab Baladi", None) == "Syria"  # packaged unchanged


def test_an_empty_user_file_warns_and_changes_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _write(tmp_path, "# nothing yet\n")
    with caplog.at_level(logging.WARNING, logger="conflictcoder"):
        merged = SourceCountries.load(path)
    assert f"{path}: no source entries" in caplog.text
    assert merged.country("SOHR", None) == "Syria"


# ---------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "sources:\n  - country: Syria\n    names: [A]\n  - country: Narnia\n    names: [B]\n",
            "4: unknown country 'Narnia' in source entry 2; use the country's ACLED name",
        ),
        (
            "sources:\n  - country: Syrian Arab Republic\n    names: [A]\n",
            "2: unknown country 'Syrian Arab Republic' in source entry 1; write 'Syria'",
        ),
        (
            "sources:\n  - country: Syria\n    name: [A]\n",
            "2: unknown key 'name' in source entry 1 (known keys: country, domains, names)",
        ),
        (
            "sources:\n  - names: [A]\n",
            "2: source entry 1 needs a 'country' (an ACLED country name)",
        ),
        (
            "sources:\n  - country: Syria\n    names: Valley Courier\n",
            "2: 'names' must be a list of non-empty strings, got 'Valley Courier'",
        ),
        (
            "sources:\n  - country: Syria\n    names: ['A', '']\n",
            "2: 'names' must be a list of non-empty strings, got ['A', '']",
        ),
        (
            "sources:\n  - country: Syria\n",
            "2: source entry 1 (Syria) gives no 'names' or 'domains'",
        ),
        (
            "sources:\n  - country: Syria\n    domains: ['https://valley.example/news']\n",
            "2: domain 'https://valley.example/news' must be a host name like 'example.org' "
            "(no scheme or path)",
        ),
        (
            "sources:\n  - country: Syria\n    domains: [localhost]\n",
            "2: domain 'localhost' must be a host name like 'example.org' (no scheme or path)",
        ),
        (
            "sources:\n  - country: Syria\n    names: ['--']\n",
            "2: name '--' has no letters or digits",
        ),
        (
            "sources:\n  - country: Syria\n    names: [Valley Courier]\n"
            "  - country: Iraq\n    names: [valley-courier]\n",
            "4: name 'valley-courier' is listed twice (also on line 2)",
        ),
        (
            "sources:\n  - country: Syria\n    domains: [a.example]\n"
            "  - country: Syria\n    domains: [A.example]\n",
            "4: domain 'a.example' is listed twice (also on line 2)",
        ),
        ("sources:\n  - Valley Courier\n", "1: source entry 1 must be a mapping with 'country'"),
        ("outlets: []\n", "1: unknown top-level key 'outlets' (known keys: sources)"),
        ("sources: {country: Syria}\n", "1: 'sources' must be a list of entries, got dict"),
        ("sources:\n  - country: [Syria\n", "3: invalid YAML"),
    ],
)
def test_a_malformed_file_is_refused_with_file_and_line(
    tmp_path: Path, text: str, message: str
) -> None:
    path = _write(tmp_path, text)
    assert _refusal(path).startswith(f"{path}:{message}")


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "- SOHR\n")
    assert _refusal(path) == f"{path}: expected a mapping with 'sources', got list"


def test_a_missing_user_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    assert _refusal(path) == f"{path}: file not found"


def test_the_packaged_file_lists_only_acled_countries() -> None:
    SourceCountries.load(SOURCES_FILE)  # loading it as a user file validates it again


# ---------------------------------------------------------------------------- country names


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Syria", "Syria"),
        ("Syrian Arab Republic", "Syria"),
        ("SY", "Syria"),
        (" syria ", "Syria"),
        ("DRC", "Democratic Republic of Congo"),
        ("Syrian", None),  # a demonym names people, not the country
        ("Narnia", None),
        ("", None),
    ],
)
def test_acled_country_names(name: str, expected: str | None) -> None:
    assert acled_country(name) == expected
