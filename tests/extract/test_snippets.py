"""Detection and typing on short news snippets from any country (issue 14, item 2).

Every text here is written for these tests: one paragraph, no publication date, often cut
before its full stop, and in the styles wire services use (present perfect, reported
speech, captions in the present tense, nominal reports).
"""

from __future__ import annotations

import pytest

from conflictcoder.coder import Coder
from conflictcoder.model import Article


def _types(coder: Coder, text: str, *, title: str | None = None) -> list[str]:
    events = coder.code(Article(id="s", text=text, title=title, published=None))
    return [e.sub_event_type for e in events]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # cut before the full stop
        (
            "Army troops on Wednesday freed four villages from the insurgents in the east of the",
            "Government regains territory",
        ),
        (
            "Government forces drove the militants out of the district centre after two days of "
            "fighting, the defence ministry said",
            "Government regains territory",
        ),
        (
            "Army units established control over a wide area of desert east of the city, state "
            "television reported",
            "Government regains territory",
        ),
        (
            "Rebel fighters have gained ground in the north of the province and taken control of "
            "two border posts",
            "Non-state actor overtakes territory",
        ),
        # a capture by a group the actor dictionary has no entry for in that country: its
        # kind (armed militants) still says who took the ground
        (
            "Islamic State fighters captured the town of Macomia on Sunday",
            "Non-state actor overtakes territory",
        ),
        # ground taken after the other side left it
        (
            "Insurgents took over the market town of Kidal on Friday after government troops "
            "pulled out of the town overnight, residents said",
            "Non-violent transfer of territory",
        ),
        (
            "About 150 soldiers have defected from the army to the rebel side in the northern "
            "region",
            "Change to group/activity",
        ),
        (
            "Former fighters and local volunteers have mobilised alongside the army in the central "
            "valley",
            "Change to group/activity",
        ),
        (
            "The last active guerrilla group started peace talks with the government to end a "
            "decades-long conflict",
            "Agreement",
        ),
        (
            "More than 70 armed opposition fighters surrendered and decided to join the state "
            "government, police said",
            "Agreement",
        ),
        # forces that move away, with nobody taking over: a movement of forces
        (
            "Foreign troops withdrew from areas near the village for unknown reasons",
            "Change to group/activity",
        ),
        (
            "Security forces discovered a large amount of ammunition buried in a field near the "
            "border village",
            "Disrupted weapons use",
        ),
        (
            "Soldiers have sexually abused women and girls fleeing the fighting in the northeast, "
            "a rights group said",
            "Sexual violence",
        ),
        (
            "Three men harassed a young woman and one of them molested her before she escaped",
            "Sexual violence",
        ),
        (
            "Militiamen looted shops and set fire to dozens of homes in the village",
            "Looting/property destruction",
        ),
        (
            "A car carrying two militant commanders was hit by a drone near the border town, "
            "killing both",
            "Air/drone strike",
        ),
        (
            "A Russian Iskander missile struck the centre of Kharkiv on Thursday, killing four "
            "people",
            "Shelling/artillery/missile attack",
        ),
        ("Gunmen stormed the university, killing 19 students in their classrooms", "Attack"),
        ("Fighters stormed the town and killed 30 villagers, local officials said", "Attack"),
        (
            "A suicide bomber blew himself up at a checkpoint outside the ministry, killing six "
            "police officers",
            "Suicide bomb",
        ),
        ("Attackers hurled a hand grenade into a crowded bar, injuring eleven people", "Grenade"),
        (
            "Police fired tear gas to disperse hundreds of students protesting outside the "
            "parliament",
            "Protest with intervention",
        ),
        (
            "Protesters threw stones at police and set fire to tyres in the city centre",
            "Violent demonstration",
        ),
        # an armed group's attack on a post of the forces is a battle
        (
            "Insurgents have attacked an army checkpoint in the eastern district, killing nine "
            "soldiers, officials say",
            "Armed clash",
        ),
        (
            "Both sides have agreed a three-day humanitarian truce in the province to take effect "
            "from Friday",
            "Agreement",
        ),
        (
            "The government joined talks aimed at lasting peace with two armed groups on Monday",
            "Agreement",
        ),
        # what the talks are to end has not happened: no war toll
        (
            "The rebel group started peace talks with the government to end a 40-year conflict "
            "that has claimed thousands of lives",
            "Agreement",
        ),
        # what a place is said to be is not the event's time ("in the past few days")
        (
            "The army has deployed troops in villages near the border where the rebels had "
            "withdrawn their units in the past few days",
            "Change to group/activity",
        ),
        (
            "Customs officers seized a total of 120 assault rifles and ammunition at the port",
            "Disrupted weapons use",
        ),
        (
            "Forty pistols and 5,000 bullets were captured in the northern town",
            "Disrupted weapons use",
        ),
        (
            "Two rival groups torched vehicles parked along the road after putting three shops "
            "afire",
            "Looting/property destruction",
        ),
        # the means of a harm told by a bare verb, after it, types the incident
        (
            "Nine people were killed on Friday night after two suicide bombers struck a busy "
            "market in the provincial capital, rescue workers said",
            "Suicide bomb",
        ),
        (
            "Three soldiers were wounded after a suicide bomber blew himself up near their patrol "
            "east of the town",
            "Suicide bomb",
        ),
        # tear gas deployed against a crowd is no deployment of forces
        (
            "Police deployed tear gas to disperse hundreds of protesters outside the parliament on "
            "Friday",
            "Protest with intervention",
        ),
        (
            "Government troops withdrew from the besieged town overnight, residents said",
            "Non-violent transfer of territory",
        ),
        # rain in the next sentence makes no protest a disaster
        (
            "Thousands of protesters marched through the capital on Sunday. They defied "
            "torrential rain and a police ban",
            "Peaceful protest",
        ),
        # the parser ends the sentence before the bracket: the text goes on, it is no title
        (
            "Military intelligence units arrested five suspected militants in several districts "
            "of the port city [in the south of the country]",
            "Arrests",
        ),
        # a caption in the present tense that names its day is a report, not a habit
        (
            "Demonstrators march through the old town during a rally against the new law, "
            "Saturday, May 4",
            "Peaceful protest",
        ),
    ],
)
def test_snippet_is_coded_with_its_type(coder: Coder, text: str, expected: str) -> None:
    assert _types(coder, text)[:1] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "At least 40 people died after flash floods swept through villages in the mountainous "
        "province",
        "Six workers were killed when a boiler exploded at a chemical plant on Thursday",
        "Twelve people were killed in a plane crash shortly after take-off from the capital",
        "Hundreds were killed when a powerful earthquake struck the region on Monday",
        "The country carried out two missile tests on Thursday, drawing condemnation from its "
        "neighbours",
        # the accident is told in a sentence without a trigger, the blast in the next
        "A storage tank at a fertiliser depot caught fire on Sunday. Firefighters said the blast "
        "was caused by ammonium nitrate kept in the building",
        "A tank containing industrial solvents caught fire at the port. The explosion injured "
        "four workers",
    ],
)
def test_disasters_accidents_and_tests_are_no_event(coder: Coder, text: str) -> None:
    assert _types(coder, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The separatist movement claimed responsibility for a car bomb in the southern port on "
        "Friday that killed eight people and wounded dozens",
        "A militant faction takes credit for the suicide bombing that killed dozens at the "
        "border crossing, extending its reach",
        "A rebel spokesman denied his men were responsible for the ambush, killing nine "
        "soldiers and wounding several others",
        "The defence ministry denied its aircraft had bombed the clinic, saying it had carried "
        "out no air strikes in the province in recent days",
    ],
)
def test_claims_and_denials_of_a_past_incident_are_no_event(coder: Coder, text: str) -> None:
    assert _types(coder, text) == []


def test_a_title_line_without_a_full_stop_is_still_no_report(coder: Coder) -> None:
    text = (
        "Soldiers clash with rebels near the border\n"
        "\n"
        "Talks between the two sides resumed in the capital on Monday."
    )
    assert _types(coder, text) == []


def test_present_tense_without_a_day_is_still_a_habit(coder: Coder) -> None:
    text = "Rebels shell the villages around the town from the hills."
    assert _types(coder, text) == []


def test_snippet_without_a_publication_date_is_coded_without_a_date(coder: Coder) -> None:
    events = coder.code(
        Article(
            id="s",
            text="Separatist forces shelled residential areas of the town overnight, wounding "
            "three civilians",
            published=None,
        )
    )
    assert [e.sub_event_type for e in events] == ["Shelling/artillery/missile attack"]
    assert events[0].event_date is None
