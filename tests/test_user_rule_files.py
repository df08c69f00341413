"""A user file named in ``[user_rules]`` changes what the coder codes, one case per rule
family (claims, tolls, incidents, numbers, dates): ``Resources.rules`` merges it on top."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conflictcoder.coder import Coder
from conflictcoder.config import load_settings
from conflictcoder.model import Article

_AZAZ = "the town of Azaz in Aleppo province"

# family, user file, text, the field read, its values without and with the user file
CASES = [
    (  # a claim verb: the claimant becomes the bomber
        "claims",
        "claim_verbs: [owned up to]\n",
        f"A car bomb exploded at a checkpoint in {_AZAZ} on Tuesday, killing six people, a "
        "monitor said.\nIslamic State owned up to the attack in a statement.",
        "actor1",
        ["Unidentified Armed Group (Syria)"],
        ["Islamic State (Syria)"],
    ),
    (  # 8 is under 75% of 12 (a partial count); from 50% it is a conflicting report
        "tolls",
        "conflict_share: 50\nreport_share: 50\n",
        f"Shelling killed 12 people in {_AZAZ} on Monday, medics said.\n"
        "A local council put the toll at eight people killed.",
        "fatalities",
        [12],
        [8],
    ),
    (  # a word of another incident: the second sentence no longer retells the first
        "incidents",
        "new_incident_words: [likewise]\n",
        f"A car bomb exploded in {_AZAZ} on Tuesday, killing eight people.\n"
        "Likewise, a car bomb in the town of Azaz killed two people on Tuesday.",
        "fatalities",
        [8],
        [2],
    ),
    (  # a vague number
        "numbers",
        "vague_numbers:\n  a busful of: 30\n",
        f"Jets struck {_AZAZ} on Monday, killing a busful of civilians.",
        "fatalities",
        [1],
        [30],
    ),
    (  # a month's spelling: the date told replaces the report's date
        "dates",
        "months:\n  febuary: 2\n",
        f"Jets struck {_AZAZ} on 3 Febuary 2017, killing four people.",
        "event_date",
        ["2017-03-02"],
        ["2017-02-03"],
    ),
]


@pytest.mark.parametrize(("family", "rules", "text", "field", "plain", "merged"), CASES)
def test_a_user_file_of_the_family_changes_the_coded_events(
    gazetteer_path: Path,
    tmp_path: Path,
    family: str,
    rules: str,
    text: str,
    field: str,
    plain: list[object],
    merged: list[object],
) -> None:
    user = tmp_path / f"{family}.yaml"
    user.write_text(rules, encoding="utf-8")
    article = Article(id="u", text=text, published=date(2017, 3, 2))
    settings = load_settings(gazetteer_path=str(gazetteer_path))
    with_user = load_settings(gazetteer_path=str(gazetteer_path), user_rules={family: str(user)})
    assert [getattr(e, field) for e in Coder(settings).code(article)] == plain
    assert [getattr(e, field) for e in Coder(with_user).code(article)] == merged


def test_a_team_settings_file_finds_its_rule_files_from_any_folder(
    gazetteer_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the settings file names its rule file relative to its own folder, as ruff's and mypy's
    # do, and the coder runs from another folder
    teams = tmp_path / "teams"
    teams.mkdir()
    (teams / "team_numbers.yaml").write_text("vague_numbers:\n  a busful of: 30\n")
    (teams / "team.toml").write_text('[user_rules]\nnumbers = "team_numbers.yaml"\n')
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    settings = load_settings("../teams/team.toml", gazetteer_path=str(gazetteer_path))
    article = Article(id="t", text=f"Jets struck {_AZAZ} on Monday, killing a busful of civilians.")
    assert [e.fatalities for e in Coder(settings).code(article)] == [30]
