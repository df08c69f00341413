"""Claims of responsibility name the attacker (resolve/claims.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conflictcoder.errors import OntologyError
from conflictcoder.model import Article, Event, Evidence
from conflictcoder.resolve.actors import ActorResolver
from conflictcoder.resolve.claims import ClaimReader, load_claim_rules


@pytest.fixture(scope="module")
def reader() -> ClaimReader:
    return ClaimReader(ActorResolver.load())


def _bombing(text: str, sentence: str, **fields: object) -> Event:
    start = text.index(sentence)
    return Event(
        "2022-03-01",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        country="Somalia",
        evidence=[Evidence("d", sentence, start, start + len(sentence))],
        **fields,  # type: ignore[arg-type]
    )


def test_a_claim_a_sentence_later_names_the_unknown_bomber(reader: ClaimReader) -> None:
    text = "A roadside bomb hit a minibus near the port. Al-Shabaab claimed the attack."
    event = _bombing(text, "A roadside bomb hit a minibus near the port.")
    [(coded, _)] = reader.apply(text, [(event, None)])
    assert (coded.actor1, coded.inter1) == ("Al Shabaab", 2)


def test_claimed_the_lives_is_no_claim(reader: ClaimReader) -> None:
    assert reader.claims("The blast claimed the lives of nine traders.") == []


def test_a_named_attacker_is_not_replaced_by_a_claim(reader: ClaimReader) -> None:
    text = "Army shells hit a market. Al-Shabaab claimed the attack."
    event = _bombing(text, "Army shells hit a market.", actor1="Military Forces of Somalia (2012-)")
    [(coded, _)] = reader.apply(text, [(event, None)])
    assert coded.actor1 == "Military Forces of Somalia (2012-)"


def test_bombings_claimed_by_a_group_name_only_their_own_sentences_bombing(
    reader: ClaimReader,
) -> None:
    text = (
        "A bomb exploded outside a school on Friday. Police gave no toll. Residents fled. "
        "Bombings claimed by Al-Shabaab killed dozens in the city last year."
    )
    event = _bombing(text, "A bomb exploded outside a school on Friday.")
    [(coded, _)] = reader.apply(text, [(event, None)])
    assert coded.actor1 is None


def test_a_claim_far_below_the_attack_is_not_its_claim(reader: ClaimReader) -> None:
    text = (
        "A bomb exploded outside a school on Friday. Police gave no toll. Residents fled. "
        "Markets closed early. Al-Shabaab claimed the attack."
    )
    event = _bombing(text, "A bomb exploded outside a school on Friday.")
    [(coded, _)] = reader.apply(text, [(event, None)])
    assert coded.actor1 is None


@pytest.mark.parametrize(
    "blame",
    [
        "Rights groups blamed the Somali army for the attack.",
        "Local elders blamed the bombing on the Somali army.",
    ],
)
def test_the_one_blamed_for_an_incident_told_before_is_its_actor(
    reader: ClaimReader, blame: str
) -> None:
    # a blame names any armed actor, state forces too; the blame's own sentence tells no
    # incident of its own
    text = f"A bomb hit a bus station in the north on Sunday. {blame}"
    event = _bombing(text, "A bomb hit a bus station in the north on Sunday.")
    [(coded, _)] = reader.apply(text, [(event, None)])
    assert coded.actor1 is not None and coded.actor1.startswith("Military Forces of Somalia")
    assert coded.inter1 == 1
    # a claim still names only a group that claims attacks
    assert reader.claims("The Somali army claimed the attack.")[0].blame is False


def test_a_bad_number_in_a_user_rule_file_names_the_file_and_key(tmp_path: Path) -> None:
    user = tmp_path / "my_claims.yaml"
    user.write_text("max_actor_words: 0\n", encoding="utf-8")
    with pytest.raises(OntologyError, match="max_actor_words"):
        load_claim_rules(user)


def test_a_coded_bombing_with_its_claim_gets_the_claimant(coder: object) -> None:
    text = (
        "A car bomb exploded at a checkpoint in the town of Azaz in Aleppo province on "
        "Tuesday, killing six people, a monitor said.\n"
        "Islamic State claimed responsibility for the attack in a statement."
    )
    events = coder.code(Article(id="c", text=text, published=date(2017, 3, 2)))  # type: ignore[attr-defined]
    assert [(e.location, e.actor1) for e in events] == [("Azaz", "Islamic State (Syria)")]
