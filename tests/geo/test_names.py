"""Tests for conflictcoder/geo/names.py: transliteration keys and the name scanner."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictcoder.errors import OntologyError
from conflictcoder.geo import ascii_name, name_key
from conflictcoder.geo.names import (
    NAME_RULES_FILE,
    capitalised_ngrams,
    exact_key,
    load_name_rules,
    make_key,
)
from conflictcoder.text import WORD, name_words


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Maarrat al-Numan", "Ma‘arrat an Nu‘mān"),
        ("Maarat al-Nouman", "Ma‘arrat an Nu‘mān"),
        ("Maarrat al-Numan", "Ma'arrat al-Nu'man"),
        ("Idlib", "Idleb"),
        ("Deir ez-Zor", "Dayr az Zawr"),
        ("Deir ez-Zor", "Deir al-Zour"),
        ("Ar-Raqqa", "Raqqah"),
        ("Al-Hasakeh", "Al Ḩasakah"),
        ("Khan Shaykhun", "Khan Sheikhoun"),
        ("Jisr al-Shughur", "Jisr ash-Shughour"),
        ("Saraqeb", "Saraqib"),
        ("Tal Rifaat", "Tell Rifaat"),
        ("Ras al-Ain", "Ras al-Ayn"),
        ("Maar Shamarin", "Ma'arshamarin"),
        ("Dar'a", "Daraa"),
        ("Qamishli", "Kamishli"),
        ("Kyiv", "Kiev"),
        ("Hamah", "Hama"),
        ("Al-Malikeyyeh", "Al Mālikīyah"),
        ("İdlib", "idlib"),
    ],
)
def test_spellings_of_one_place_share_a_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hama", "Homs"),
        ("Aleppo", "Afrin"),
        ("Idlib", "Ariha"),
        ("Tal Abyad", "Tal Afar"),
        ("Niger", "Nigeria"),
        ("Iraq", "Iran"),
        ("Raqqa", "Ruqba"),
        ("Binnish", "Banias"),
        ("Sudan", "South Sudan"),
    ],
)
def test_different_places_keep_different_keys(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_key_shape() -> None:
    assert name_key("Deir ez-Zor") == "dirzur"
    assert name_key("Ma‘arrat an Nu‘mān") == "maratnuman"
    assert name_key("  ") == ""
    assert name_key("إدلب") == ""  # no Latin letters, no key


def test_exact_key_ignores_marks_but_not_spelling() -> None:
    assert exact_key("Ma‘arrat an-Nu‘mān") == exact_key("Maarrat an Numan") == "maarratannuman"
    assert exact_key("Idleb") != exact_key("Idlib")
    assert exact_key("Syrian") != exact_key("Serian")
    assert name_key("Syrian") == name_key("Serian")  # which is why spans() wants exact keys


def test_ascii_name_writes_marks_as_apostrophes() -> None:
    assert ascii_name("Khān Shaykhūn") == "Khan Shaykhun"
    assert ascii_name("Ma‘arrat an Nu‘mān") == "Ma'arrat an Nu'man"
    assert ascii_name("Abū az̧ Z̧uhūr") == "Abu az Zuhur"
    assert ascii_name("  Binnish ") == "Binnish"


def test_packaged_rules_load_with_connectors() -> None:
    rules = load_name_rules()
    assert "an" in rules.connectors and "on" in rules.connectors
    assert 0 < len(rules.exact_rules) < len(rules.rules)
    assert make_key("Idleb", rules) == name_key("Idleb")
    assert len(rules.digest) == 64


def _rules_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_regular_expression_names_file_and_line(tmp_path: Path) -> None:
    path = _rules_file(
        tmp_path,
        "rules:\n  - pattern: 'a'\n    replace: 'b'\n  - pattern: '(ab'\n    replace: ''\n",
    )
    with pytest.raises(OntologyError) as info:
        load_name_rules(path)
    assert str(info.value) == (
        f"{path}:4: bad regular expression '(ab': missing ), unterminated subpattern at position 0"
    )


def test_rule_without_replace_is_rejected(tmp_path: Path) -> None:
    path = _rules_file(tmp_path, "rules:\n  - pattern: 'a'\n")
    with pytest.raises(OntologyError) as info:
        load_name_rules(path)
    assert str(info.value) == f"{path}:2: a rule needs 'pattern' and 'replace'"


def test_empty_rules_are_rejected(tmp_path: Path) -> None:
    path = _rules_file(tmp_path, "translate: {}\nrules: []\n")
    with pytest.raises(OntologyError) as info:
        load_name_rules(path)
    assert str(info.value) == f"{path}:1: 'rules' must be a non-empty list"


def test_exact_flag_must_be_boolean(tmp_path: Path) -> None:
    path = _rules_file(tmp_path, "rules:\n  - pattern: 'a'\n    replace: ''\n    exact: 'yes'\n")
    with pytest.raises(OntologyError) as info:
        load_name_rules(path)
    assert str(info.value) == f"{path}:2: 'exact' must be true or false"


def test_translate_entries_must_be_single_characters(tmp_path: Path) -> None:
    path = _rules_file(tmp_path, "translate:\n  ab: c\nrules:\n  - pattern: a\n    replace: b\n")
    with pytest.raises(OntologyError) as info:
        load_name_rules(path)
    assert str(info.value) == (
        f"{path}:2: translate entry 'ab': expected one character mapped to text"
    )


def test_packaged_rules_file_is_the_default() -> None:
    assert load_name_rules().digest == load_name_rules(NAME_RULES_FILE).digest


# ------------------------------------------------------------------ capitalised_ngrams


def test_ngrams_are_longest_first_and_allow_connectors() -> None:
    runs = capitalised_ngrams("Shells hit Jisr ash Shughur and al-Bab.")
    assert runs[0] == [(0, 6, "Shells")]
    assert runs[1] == [(11, 27, "Jisr ash Shughur"), (11, 15, "Jisr")]
    assert runs[2] == [(20, 27, "Shughur")]
    assert runs[3] == [(32, 38, "al-Bab")]


def test_ngrams_stop_at_punctuation_and_line_breaks() -> None:
    runs = capitalised_ngrams("Aleppo, Idlib\nHama Homs")
    surfaces = [[s for _, _, s in run] for run in runs]
    assert surfaces == [["Aleppo"], ["Idlib"], ["Hama Homs", "Hama"], ["Homs"]]


def test_ngrams_drop_possessive_and_keep_abbreviations() -> None:
    runs = capitalised_ngrams("Idlib's people and the U.S. envoy")
    assert runs[0] == [(0, 5, "Idlib")]
    assert runs[1] == [(23, 27, "U.S.")]


def test_ngrams_never_end_on_a_connector_and_stop_at_four_words() -> None:
    runs = capitalised_ngrams("Kafr Nabl al One Two Three")
    assert [s for _, _, s in runs[0]] == ["Kafr Nabl al One", "Kafr Nabl", "Kafr"]


def test_the_scanner_reads_the_name_words_of_the_shared_token_layer() -> None:
    # ayn, hamza and backtick marks inside a word, digits and other marks between words
    words = name_words("Ma‘arrat ʿAyn`Issa 5km al-Bab’s U.S.-backed")
    assert [(t.text, t.low, t.kind) for t in words] == [
        ("Ma‘arrat", "ma‘arrat", WORD),
        ("ʿAyn`Issa", "ʿayn`issa", WORD),
        ("km", "km", WORD),
        ("al-Bab", "al-bab", WORD),
        ("U.S.", "u.s.", WORD),
        ("backed", "backed", WORD),
    ]
    assert [(t.start, t.end) for t in words][3:5] == [(23, 29), (32, 36)]
    runs = capitalised_ngrams("Ma‘arrat ʿAyn`Issa 5km al-Bab’s U.S.-backed")
    assert runs[0] == [(0, 8, "Ma‘arrat")]


# ------------------------------------------------------------------ romanisation rules, one by one
# Each rule of name_rules.yaml with spellings it must equate and names it must keep apart.

RULE_PAIRS_EQUAL = [
    # apostrophes, ayn and hamza marks
    ("Ma'arrat", "Ma‘arrat"),
    ("Dar'a", "Darʿa"),
    ("Ra's al 'Ayn", "Ras al Ayn"),
    # hyphens and punctuation
    ("Deir-ez-Zor", "Deir ez Zor"),
    # the article in its assimilated forms
    ("al-Bab", "Bab"),
    ("Ar-Raqqa", "Raqqa"),
    ("As-Sukhnah", "Sukhnah"),
    ("Ash-Shaddadi", "Shaddadi"),
    ("Ad-Dana", "Dana"),
    ("Az-Zarbah", "Zarbah"),
    ("El-Mina", "Mina"),
    ("An-Nabk", "Nabk"),
    # Abul, Abd al-
    ("Abul Thohur", "Abu al-Thohur"),
    ("Abdel Salam", "Abd al-Salam"),
    ("Abdul Salam", "Abd as-Salam"),
    # dj
    ("Djerablous", "Jerablous"),
    # interdental and emphatic consonants: th, dh, z, ẓ
    ("Abul Thohur", "Abu az Zuhur"),
    ("Dhahr", "Zahr"),
    ("Ẓahr", "Zahr"),
    # Ukrainian h / Russian g between vowels; -iv / -ov / -ev; ye / e
    ("Luhansk", "Lugansk"),
    ("Chernihiv", "Chernigov"),
    ("Kharkiv", "Kharkov"),
    ("Lviv", "Lvov"),
    ("Yevpatoriya", "Evpatoriya"),
    ("Kyiv", "Kiev"),
    # generic heads: mountain, village, Maarat, ruin
    ("Djebel Zawiya", "Jabal al-Zawiya"),
    ("Jbel Akrad", "Jabal al-Akrad"),
    ("Kfar Nabudah", "Kafr Nabuda"),
    ("Maaret al-Numan", "Maarat al-Numan"),
    ("Khirbet al-Joz", "Khirbat al-Jawz"),
    # the -iya ending
    ("Aziziyeh", "Azizieh"),
    ("Aziziyah", "Al-Azizia"),
    ("Salhiyeh", "Salhiya"),
    # Tell / Tal, ta marbuta, q / k, ou / u, ay / ai / ei, aw / o, e / i, o / u, doubled letters
    ("Tell Abiad", "Tall Abyad"),
    ("Hasakeh", "Hasakah"),
    ("Qamishli", "Kamishli"),
    ("Nouman", "Numan"),
    ("Deir", "Dayr"),
    ("Zawr", "Zor"),
    ("Idleb", "Idlib"),
    ("Homs", "Hums"),
    ("Raqqa", "Raqa"),
    ("Maar Shamarin", "Ma'arshamarin"),
    ("Ein Issa", "'Ayn 'Isa"),
]

RULE_PAIRS_DIFFERENT = [
    ("Abu Kamal", "Abul Kamal Saleh"),
    ("Abd", "Abda"),
    ("Dhahr", "Dahr"),
    ("Luhansk", "Lushansk"),
    ("Kharkiv", "Kharkiva"),
    ("Lviv", "Lvivka"),
    ("Jabal Zawiya", "Jabaliya"),
    ("Kafr Nabl", "Kafranbel"),
    ("Maarat", "Marata"),
    ("Aziziyeh", "Aziz"),
    ("Tell Abiad", "Tell Abyadh Sharqi"),
    ("Hama", "Hamra"),
    ("Qamishli", "Kamash"),
    ("Deir", "Dar"),
    ("Idlib", "Adlib"),
    ("Homs", "Hims Gate"),
    ("Niger", "Nigeria"),
    ("Iraq", "Iran"),
    ("Gaza", "Haza"),
    ("Sinjar", "Sinjil"),
]


@pytest.mark.parametrize(("a", "b"), RULE_PAIRS_EQUAL)
def test_rule_equates_romanisations(a: str, b: str) -> None:
    assert name_key(a) == name_key(b), (name_key(a), name_key(b))


@pytest.mark.parametrize(("a", "b"), RULE_PAIRS_DIFFERENT)
def test_rule_keeps_different_names_apart(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_every_packaged_rule_has_a_reason() -> None:
    from conflictcoder.ontology import load_yaml

    data = load_yaml(NAME_RULES_FILE)
    assert all(isinstance(rule.get("why"), str) and rule["why"] for rule in data["rules"])
