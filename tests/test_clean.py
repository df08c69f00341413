"""clean.py: boilerplate lines, captions, repeated headlines, whitespace; the rule file."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictcoder.clean import BOILERPLATE, BOILERPLATE_FILE, clean_text, load_rules
from conflictcoder.errors import OntologyError

STORY = "Three civilians were killed in air raids on the town of Ariha on Sunday, rescuers said."


@pytest.mark.parametrize(
    "line",
    [
        "Read also: Why the truce in the north keeps failing",
        "READ MORE: Aid convoy reaches besieged villages",
        "Also read - Hospitals overwhelmed after weekend raids",
        "Related: Army claims gains near the highway",
        "More on this story: Who controls the border crossings?",
        "Follow us on Twitter and Instagram to stay connected",
        "Follow us on Facebook",
        "2 min read",
        "5-minute read",
        "Reading time: 4 minutes",
        "Share this article",
        "Share on WhatsApp",
        "Facebook | Twitter | Email",
        "Subscribe to our newsletter",
        "Sign up for our daily briefing",
        "Advertisement",
        "Story continues below advertisement",
        "© 2020 Northern Dispatch",
        "Copyright 2021 Example News. All rights reserved.",
        "Reporting by Jane Doe; Editing by John Roe",
        "Agencies contributed to this report.",
        "Tags: Syria, Idlib, airstrikes",
        "Photo: Reuters",
        "[Getty]",
        "(AFP)",
    ],
)
def test_boilerplate_lines_are_dropped(line: str) -> None:
    assert clean_text(f"{STORY}\n{line}\n{STORY.replace('Sunday', 'Monday')}") == (
        f"{STORY}\n\n{STORY.replace('Sunday', 'Monday')}"
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Share prices in Damascus fell sharply after the attack.",
        "Follow-up talks between the two sides are due next week.",
        "Related fighting broke out near Saraqib on Tuesday.",
        "Readers of the local paper were told to stay indoors.",
        "The photo agency AFP said its photographer was wounded in the blast.",
        "He said they [the rebels] attacked the checkpoint at dawn.",
        "Ad hoc committees met on Monday to discuss the evacuation.",
        "By Monday evening, the toll had risen to twelve.",
        "Reporting by the monitor has been patchy since the spring.",
        "Print and broadcast media were banned from the area.",
        "Subscribers to the messaging channel received the warning at noon.",
        "Copyrighted footage of the strike was shared widely online.",
        "Two minutes later, a second strike hit the same street.",
        "Follow the money, the investigator said of the smuggling network.",
        "Tags on the bodies identified them as soldiers of the 4th Division.",
        "Related: an adjective, not a link, when it sits inside a longer line that runs on and on "
        "well past the length that any link line or credit line ever has in a real page, since "
        "it is a full paragraph of reporting about the clashes near the town of Kafr Nabl.",
    ],
)
def test_real_news_sentences_are_kept(sentence: str) -> None:
    assert clean_text(sentence) == sentence


def test_caption_with_bracketed_credit_is_dropped() -> None:
    text = (
        "Jets strike Ariha\n"
        "Smoke rises over the market after the raids [Getty]\n"
        f"{STORY}\n"
        "Rescuers search the rubble (Photo: Reuters)\n"
        "A boy stands by a destroyed house (Omar Name/AFP via Getty Images)\n"
        "Residents flee south [Anadolu Agency]"
    )
    assert clean_text(text) == f"Jets strike Ariha\n\n{STORY}"


def test_long_paragraph_ending_in_a_credit_keeps_its_text() -> None:
    paragraph = " ".join([STORY] * 4)
    assert clean_text(f"{paragraph} [AFP]") == paragraph


def test_bare_agency_in_parentheses_at_a_headline_end_is_kept() -> None:
    assert clean_text("Clashes erupt in Daraa (AFP)") == "Clashes erupt in Daraa (AFP)"


def test_read_also_header_drops_the_linked_headline_on_the_next_line() -> None:
    text = f"{STORY}\n\nRead more\nWhy the highway matters to both sides\n\nThe army denied it."
    assert clean_text(text) == f"{STORY}\n\nThe army denied it."


def test_read_also_header_never_drops_a_paragraph_after_it() -> None:
    text = f"Related\n{STORY}"
    assert clean_text(text) == STORY


def test_headline_repeated_right_after_itself_is_dropped() -> None:
    text = "Jets strike Ariha\n\nJets strike Ariha\nJETS STRIKE ARIHA\n" + STORY
    assert clean_text(text) == f"Jets strike Ariha\n\n{STORY}"


def test_same_line_later_in_the_text_is_kept() -> None:
    text = f"Jets strike Ariha\n\n{STORY}\n\nJets strike Ariha"
    assert clean_text(text) == text


def test_whitespace_and_control_characters_are_normalised() -> None:
    text = (
        "\ufeffJets\u00a0strike \t Ariha\r\n\r\n\r\n\r\n"
        "Three\u200b civilians\x00 were killed\x07 on Sunday.\u2029Rescuers said so.  "
    )
    assert clean_text(text) == (
        "Jets strike Ariha\n\nThree civilians were killed on Sunday.\n\nRescuers said so."
    )


def test_hard_wrapped_paragraph_is_joined() -> None:
    text = (
        "The army shelled the village of Kafr Zita on Monday, killing at least\n"
        "three people and wounding eleven others, according to a local monitor\n"
        "that has tracked the fighting since the spring. The monitor said the\n"
        "toll could rise.\n\n"
        "A second paragraph."
    )
    assert clean_text(text) == (
        "The army shelled the village of Kafr Zita on Monday, killing at least three people "
        "and wounding eleven others, according to a local monitor that has tracked the "
        "fighting since the spring. The monitor said the toll could rise.\n\nA second paragraph."
    )


def test_line_continuing_in_lower_case_is_joined_and_split_word_keeps_its_hyphen() -> None:
    text = "Jets struck the town of Ariha,\nkilling three people in an air-\nstrike on the market."
    assert clean_text(text) == (
        "Jets struck the town of Ariha, killing three people in an air-strike on the market."
    )


def test_separate_lines_become_separate_paragraphs() -> None:
    text = "Jets strike Ariha as rebels hold lines\n17 December, 2019\n" + STORY
    expected = f"Jets strike Ariha as rebels hold lines\n\n17 December, 2019\n\n{STORY}"
    assert clean_text(text) == expected


def test_only_boilerplate_leaves_nothing() -> None:
    assert clean_text("2 min read\nFollow us on Twitter\n\n\n") == ""
    assert clean_text("") == ""


def test_clean_text_is_stable_on_its_own_output() -> None:
    text = "Jets strike Ariha\n2 min read\n" + STORY + "\nRead also: Ten die in Hama\n" + STORY
    once = clean_text(text)
    assert clean_text(once) == once


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_output_has_no_control_characters_or_ragged_whitespace(text: str) -> None:
    out = clean_text(text)
    assert not any(ch in out for ch in "\x00\r\t\x0b\x0c\x1b\x7f\u200b\ufeff")
    assert "\n\n\n" not in out
    for paragraph in out.split("\n\n") if out else []:
        assert paragraph and paragraph == paragraph.strip() and "\n" not in paragraph
        assert "  " not in paragraph


# --- the rule file ------------------------------------------------------------------------


def test_packaged_rules_load_with_every_group() -> None:
    rules = BOILERPLATE.packaged()
    assert {r.id for r in rules.drop_lines} >= {"read_also", "follow_us", "min_read"}
    assert rules.caption_credits and rules.agencies
    assert rules.months["september"] == rules.months["sept"] == 9
    assert "published" in rules.dateline_prefixes
    assert rules.drop_rule_for("Follow us on Twitter").id == "follow_us"  # type: ignore[union-attr]


def test_drop_rules_never_apply_to_a_line_longer_than_the_limit() -> None:
    rules = BOILERPLATE.packaged()
    long_line = "Read also: " + "x" * rules.max_dropped_line_chars
    assert rules.drop_rule_for(long_line) is None


def _write(tmp_path: Path, text: str, name: str = "rules.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_file_adds_a_rule_and_replaces_one_by_id(tmp_path: Path) -> None:
    user = _write(
        tmp_path,
        "drop_lines:\n"
        "  - id: follow_us\n"
        "    pattern: 'follow us on telegram'\n"
        "  - id: listen\n"
        "    pattern: 'listen to the podcast\\b.*'\n",
    )
    rules = load_rules(user_file=user)
    text = f"{STORY}\nListen to the podcast here\nFollow us on Twitter"
    assert clean_text(text, rules=rules) == f"{STORY}\n\nFollow us on Twitter"
    assert clean_text("Follow us on Telegram\n" + STORY, rules=rules) == STORY


def test_user_file_error_names_the_user_file_and_line(tmp_path: Path) -> None:
    user = _write(tmp_path, "drop_lines:\n  - id: broken\n    pattern: '(unclosed'\n")
    with pytest.raises(OntologyError) as info:
        load_rules(user_file=user)
    assert str(info.value) == (
        f"{user}:2: drop_lines: rule 'broken' has an invalid pattern: "
        "missing ), unterminated subpattern at position 0"
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "colour: red\n",
            "{path}:1: unknown key 'colour' (known: agencies, caption_credits, "
            "dateline_prefixes, drop_lines, max_caption_chars, max_dropped_line_chars, "
            "max_headline_chars, months, weekdays)",
        ),
        (
            "drop_lines:\n  - id: a\n    pattern: 'x'\n    colour: red\n",
            "{path}:2: drop_lines: unknown field 'colour' (known: and_next, disable, id, note, "
            "pattern)",
        ),
        (
            "drop_lines:\n  - id: a\n    pattern: 'x'\n  - id: a\n    pattern: 'y'\n",
            "{path}:4: drop_lines: duplicate id 'a'",
        ),
        ("drop_lines:\n  - pattern: 'x'\n", "{path}:2: drop_lines: rule without an 'id'"),
        ("drop_lines:\n  - id: a\n", "{path}:2: drop_lines: rule 'a' has no 'pattern'"),
        (
            "drop_lines:\n  - id: a\n    pattern: 'x?'\n",
            "{path}:2: drop_lines: rule 'a' matches an empty line",
        ),
        (
            "drop_lines:\n  - id: a\n    pattern: 'x'\n    and_next: maybe\n",
            "{path}:2: drop_lines: rule 'a': 'and_next' must be true or false",
        ),
        ("drop_lines: x\n", "{path}: 'drop_lines' must be a list of rules"),
        ("max_caption_chars: 0\n", "{path}: 'max_caption_chars' must be a positive integer, got 0"),
        ("agencies: [AFP, 3]\n", "{path}: 'agencies' must be a list of non-empty strings"),
        (
            "months: {smarch: 13}\n",
            "{path}:1: months: 'smarch' must map to a month number 1..12, got 13",
        ),
        ("- a\n- b\n", "{path}:1: expected a mapping of rule groups at the top level"),
        (
            "drop_lines:\n  - {id: a, pattern: x, disable: false}\n",
            "{path}:2: drop_lines: rule 'a': 'disable: true' is for a user file, to remove a "
            "packaged rule",
        ),
        ("drop_lines: [\n", None),
    ],
)
def test_malformed_user_file_is_refused_with_file_and_line(
    tmp_path: Path, body: str, message: str | None
) -> None:
    user = _write(tmp_path, body)
    with pytest.raises(OntologyError) as info:
        load_rules(user_file=user)
    if message is None:  # YAML syntax error: the loader's own message, with the line
        assert str(info.value).startswith(f"{user}:2: invalid YAML")
    else:
        assert str(info.value) == message.format(path=user)


def test_user_file_adds_agencies_and_months_to_the_packaged_ones(tmp_path: Path) -> None:
    user = _write(tmp_path, "agencies: [Northern Dispatch]\nmonths: {janvier: 1}\n")
    rules = load_rules(user_file=user)
    assert rules.agencies[-1] == "Northern Dispatch" and "AFP" in rules.agencies
    assert rules.months["janvier"] == 1 and rules.months["jan"] == 1
    assert clean_text(f"{STORY}\nPupils flee [Northern Dispatch]", rules=rules) == STORY
    assert clean_text(f"{STORY}\nPupils flee [Northern Dispatch]") != STORY


def test_user_file_disables_a_packaged_rule(tmp_path: Path) -> None:
    user = _write(tmp_path, "drop_lines:\n  - {id: min_read, disable: true}\n")
    rules = load_rules(user_file=user)
    assert "min_read" not in {r.id for r in rules.drop_lines}
    assert clean_text("2 min read", rules=rules) == "2 min read"


def test_empty_rule_group_warns(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    user = _write(
        tmp_path,
        "caption_credits:\n"
        "  - {id: bracketed_agency, disable: true}\n"
        "  - {id: bracketed_photo, disable: true}\n"
        "  - {id: parenthesised_agency, disable: true}\n",
    )
    with caplog.at_level(logging.WARNING, logger="conflictcoder"):
        rules = load_rules(user_file=user)
    assert rules.caption_credits == ()
    assert f"{user}: no 'caption_credits' rules: that clean-up step does nothing" in caplog.text
    assert clean_text("Smoke rises [AFP]", rules=rules) == "Smoke rises [AFP]"


def test_base_file_is_the_packaged_one() -> None:
    assert BOILERPLATE_FILE.name == "boilerplate.yaml" and BOILERPLATE_FILE.is_file()
    packaged = BOILERPLATE.packaged()
    assert load_rules(BOILERPLATE_FILE).max_caption_chars == packaged.max_caption_chars
