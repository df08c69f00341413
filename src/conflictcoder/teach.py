"""Corrections teach the coder: what a reviewer fixed by hand goes into the team's rule files.

A correction that names an actor the dictionary did not find in the report ("Liwa
al-Qassam fighters attacked...", corrected to actor1 "Liwa al-Qassam Brigade") is offered
as a *lesson*: add the phrase as an alias of that actor to the user actors file
(``[user_rules] actors`` of the settings), so the next report naming it is coded right. A
new trigger phrase goes to the user triggers file (``[user_rules] triggers``) and a place
to a gazetteer supplement CSV (``conflictcoder gazetteer import supplement FILE`` indexes it).
``correction_lessons`` gathers what a correction offers: actor aliases (``actor_lessons``),
a place the gazetteer does not know with the coordinates the reviewer gave
(``place_lessons``) and, for a corrected sub-event type, the evidence's trigger phrase
(``trigger_lessons``).

Files are rewritten whole (a temporary file renamed over the old one) and checked with
the same loader the coder uses before they replace it: a lesson that would break the
dictionary is refused and leaves the file as it was.

Example:
    >>> from pathlib import Path; import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "actors.yaml"
    >>> add_actor_alias(path, name="Liwa Example Brigade", alias="Liwa Example", inter=3,
    ...                 country="Syria")
    'added actor Liwa Example Brigade (inter 3) with alias Liwa Example'
"""

from __future__ import annotations

import csv
import logging
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError, ConflictCoderError
from .model import Event

logger = logging.getLogger("conflictcoder")
LESSON_KINDS: tuple[str, ...] = ("actor", "trigger", "place")
_TOKEN = re.compile(r"[\w'’-]+")
_PARTICLE = re.compile(r"(?:al|el|ad|ash|as|an|ar|at|az|ibn|bin)-[A-Z]")
_JOINERS = frozenset({"of", "the", "al", "el", "bin", "ibn", "and"})
SUPPLEMENT_COLUMNS = ("name", "aliases", "latitude", "longitude", "country", "admin1", "admin2")


def _read_yaml(path: Path, default: Any) -> Any:
    if not path.exists() or not path.read_text(encoding="utf-8").strip():
        return default
    from .ontology import load_yaml, without_lines

    return without_lines(load_yaml(path))


def _replace(path: Path, text: str, check: Callable[[Path], object]) -> None:
    """Write ``text`` to a temporary file beside ``path``, check it, then rename it over."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        check(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def add_actor_alias(
    path: str | Path, *, name: str, alias: str, inter: int | None = None, country: str | None = None
) -> str:
    """Add ``alias`` to the actor ``name`` in a user actors file (creating the actor, or the
    file, when needed).

    path (str | Path): the user actors YAML (``[user_rules] actors``).
    name (str): the canonical actor, as the correction named it.
    alias (str): the phrase the report used.
    inter (int | None): its inter code (1-8); needed for an actor the file does not have.
    country (str | None): the actor's country, for a new actor.
    RETURNS (str): what was done, for the reviewer.
    Raises ConfigError when the inter code is missing, OntologyError (file:line) when the
    result would not load.
    """
    from .resolve.actors import ActorResolver

    path = Path(path)
    alias, name = alias.strip(), name.strip()
    if not alias or not name:
        raise ConfigError("a lesson needs the actor's name and the alias the report used")
    data = _read_yaml(path, {"actors": []})
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping with 'actors'")
    actors = data.setdefault("actors", [])
    entry = next((a for a in actors if isinstance(a, dict) and a.get("name") == name), None)
    if entry is None:
        if inter is None:
            packaged = ActorResolver.load().actor(name, country=country)
            inter = packaged.inter if packaged is not None else None
        if inter is None:
            raise ConfigError(f"actor {name!r} is new: give its inter code (1-8)")
        entry = {"name": name, "inter": int(inter)}
        if country:
            entry["country"] = country
        entry["aliases"] = []
        actors.append(entry)
        done = f"added actor {name} (inter {inter}) with alias {alias}"
    else:
        done = f"added alias {alias} to {name}"
    aliases = entry.setdefault("aliases", [])
    if alias in aliases:
        return f"{name} already has the alias {alias}"
    aliases.append(alias)
    text = "# The team's actors: loaded over the packaged dictionary (actors.yaml).\n"
    text += yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    _replace(path, text, lambda tmp: ActorResolver.load(tmp))
    return done


def add_trigger(path: str | Path, *, pattern: str, label: str, priority: int | None = None) -> str:
    """Add a trigger phrase for an ACLED sub-event type to a user triggers file.

    priority (int | None): 0-100; a lesson outranks the packaged rule that typed the
        sentence wrongly. Defaults to the lexicon's default (50).
    Raises OntologyError (file:line) for an unknown sub-event type or priority.
    """
    from .extract.triggers import load_trigger_rules

    path = Path(path)
    pattern = pattern.strip()
    if not pattern:
        raise ConfigError("a trigger lesson needs the phrase")
    data = _read_yaml(path, [])
    if not isinstance(data, list):
        raise ConfigError(f"{path}: expected a list of trigger entries")
    if any(isinstance(e, dict) and e.get("pattern") == pattern for e in data):
        return f"the trigger {pattern!r} is there already"
    slug = re.sub(r"\W+", "_", pattern.lower()).strip("_") or "trigger"
    entry: dict[str, Any] = {"id": f"user_{slug}", "label": label, "pattern": pattern}
    if priority is not None:
        entry["priority"] = priority
    data.append(entry)
    text = "# The team's trigger phrases: loaded over the packaged lexicon (triggers.yaml).\n"
    text += yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    _replace(path, text, lambda tmp: load_trigger_rules(tmp))
    return f"added trigger {pattern!r} for {label}"


def add_place(path: str | Path, *, place: dict[str, Any]) -> str:
    """Append a place to a gazetteer supplement CSV (``geo/supplement.py`` columns)."""
    path = Path(path)
    missing = [c for c in ("name", "latitude", "longitude", "country") if not place.get(c)]
    if missing:
        raise ConfigError(f"a place lesson needs {', '.join(missing)}")
    new = not path.exists() or path.stat().st_size == 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        if new:
            out.writerow(SUPPLEMENT_COLUMNS)
        out.writerow([place.get(c) if place.get(c) is not None else "" for c in SUPPLEMENT_COLUMNS])
    return f"added place {place['name']} to {path} (import it: conflictcoder gazetteer import)"


def actor_lessons(
    event: Event, fields: dict[str, Any], known: Callable[[str], bool] | None = None
) -> list[dict[str, Any]]:
    """Lessons a correction offers: for each corrected actor, the capitalised phrases of the
    evidence that the actor dictionary does not know (the name the report used).

    event (Event): the event as corrected (its evidence sentences are searched).
    fields (dict[str, Any]): the correction.
    known (Callable | None): phrase -> whether the dictionary resolves it. Defaults to the
        packaged dictionary.
    RETURNS (list[dict]): ``kind`` "actor", ``name``, ``alias``, ``inter``, ``country``.

    Example:
        >>> from conflictcoder.model import Evidence
        >>> e = Event("2021-03-01", "Battles", "Armed clash", actor1="Liwa Example Brigade",
        ...           inter1=3, country="Syria",
        ...           evidence=[Evidence("d", "Liwa Example fighters attacked a post.", 0, 38)])
        >>> [l["alias"] for l in actor_lessons(e, {"actor1": "Liwa Example Brigade"})]
        ['Liwa Example']
    """
    if known is None:
        from .resolve.actors import ActorResolver

        resolver = ActorResolver.load()

        def known(phrase: str) -> bool:
            return resolver.resolve(phrase, country=event.country) is not None

    lessons: list[dict[str, Any]] = []
    for side in ("actor1", "actor2"):
        name = fields.get(side)
        if not isinstance(name, str) or not name:
            continue
        for alias in _candidates(e.sentence for e in event.evidence):
            if alias == name or known(alias) or _is_place(alias, event):
                continue
            if any(alias in lesson["alias"] for lesson in lessons):
                continue  # a part of a phrase already offered
            lessons.append(
                {
                    "kind": "actor",
                    "name": name,
                    "alias": alias,
                    "inter": getattr(event, f"inter{side[-1]}"),
                    "country": event.country,
                }
            )
    return lessons


def place_lessons(
    event: Event, fields: dict[str, Any], known: Callable[[str, str | None], bool] | None = None
) -> list[dict[str, Any]]:
    """The lesson a corrected location offers: a place for the gazetteer supplement, when
    the correction names a place the gazetteer does not know and gives its coordinates.

    event (Event): the event as corrected (country and admin units come from it).
    fields (dict[str, Any]): the correction: ``location`` with ``latitude`` and ``longitude``.
    known (Callable | None): (name, country) -> whether the gazetteer has a place of that
        name there. Defaults to ``gazetteer_knows`` with the default index.
    RETURNS (list[dict]): none or one lesson, ``kind`` "place" and ``place`` (the
        supplement's columns).

    Example:
        >>> e = Event("2021-03-01", "Battles", "Armed clash", country="Syria",
        ...           admin1="Idleb", location="Tall Example")
        >>> fix = {"location": "Tall Example", "latitude": 35.9, "longitude": 36.6}
        >>> place_lessons(e, fix, known=lambda name, country: False)[0]["place"]["latitude"]
        35.9
        >>> place_lessons(e, {"location": "Tall Example"}, known=lambda n, c: False)
        []
    """
    name = fields.get("location")
    latitude, longitude = fields.get("latitude"), fields.get("longitude")
    if not isinstance(name, str) or not name.strip() or not event.country:
        return []
    if not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in (latitude, longitude)
    ):
        return []  # no coordinates: nothing the supplement could place
    if (known or gazetteer_knows())(name.strip(), event.country):
        return []
    place = {
        "name": name.strip(),
        "aliases": "",
        "latitude": latitude,
        "longitude": longitude,
        "country": event.country,
        "admin1": event.admin1 or "",
        "admin2": event.admin2 or "",
    }
    return [{"kind": "place", "place": place}]


def gazetteer_knows(index: str | Path | None = None) -> Callable[[str, str | None], bool]:
    """(name, country) -> whether the gazetteer index (the supplement's places included)
    has a place of that name in that country. An index that is not there (or cannot be
    read) knows nothing: it is never built here, in the middle of a request."""
    from .errors import GazetteerError
    from .geo.paths import index_file

    path = index_file(index)

    def knows(name: str, country: str | None) -> bool:
        try:
            if not path.exists():
                return False
            gazetteer = _open_gazetteer(str(path), path.stat().st_mtime)
            found = gazetteer.country(country) if country else None
            code = found[1] if found else None
            return bool(gazetteer.lookup(name, country_code=code))
        except (GazetteerError, OSError, ValueError, sqlite3.Error):
            return False

    return knows


@lru_cache(maxsize=2)
def _open_gazetteer(path: str, stamp: float) -> Any:
    """The gazetteer index at ``path`` as of its modification time ``stamp``, opened once
    (opening reads its tables: a third of a second)."""
    from .geo import Gazetteer

    return Gazetteer(path)


@lru_cache(maxsize=4)
def _trigger_rules(user_file: str | None, stamp: float | None) -> list[Any]:
    """The trigger lexicon with the team's file as of ``stamp``, loaded once (loading the
    YAML with its line numbers takes most of a second)."""
    from .extract.triggers import load_trigger_rules

    return load_trigger_rules(user_file)


def trigger_lessons(
    event: Event, fields: dict[str, Any], rules: list[Any] | None = None
) -> list[dict[str, Any]]:
    """The lesson a corrected sub-event type offers: the evidence's trigger phrase, for the
    corrected type, ranked above the rule that typed it wrongly.

    The trigger is found without the parser: each lexicon rule is matched over the words of
    the evidence sentences, lemmas guessed from the inflection ("shelled", "airstrikes") and
    part-of-speech tests taken to fit. The words of the rule of highest priority (then the
    longest) whose type is not the corrected one are offered, as the sentence writes them
    (lower-cased). Nothing is offered when the corrected type's own rules already match the
    same words.

    event (Event): the event as corrected (its evidence sentences are searched).
    fields (dict[str, Any]): the correction; ``sub_event_type`` makes a lesson.
    rules (list[TriggerRule] | None): the lexicon. Defaults to the packaged one.
    RETURNS (list[dict]): none or one lesson: ``kind`` "trigger", ``pattern``, ``label``,
        ``priority``.

    Example:
        >>> from conflictcoder.model import Evidence
        >>> e = Event("2021-03-01", "Explosions/Remote violence", "Air/drone strike",
        ...           evidence=[Evidence("d", "Artillery pounded the village.", 0, 30)])
        >>> [(l["pattern"], l["label"]) for l in trigger_lessons(e, {"sub_event_type":
        ...     "Air/drone strike"})]
        [('artillery', 'Air/drone strike')]
    """
    label = fields.get("sub_event_type")
    if not isinstance(label, str) or not label:
        return []
    if rules is None:
        rules = _trigger_rules(None, None)
    hits: list[tuple[int, str, str]] = []  # (priority, phrase as written, label)
    for evidence in event.evidence:
        for rule in rules:
            for found in _pattern_spans(rule.pattern, evidence.sentence):
                hits.append((rule.priority, found, rule.label))
    right = {phrase.lower() for _, phrase, kind in hits if kind == label}
    wrong = [
        (priority, phrase)
        for priority, phrase, kind in hits
        if kind != label and phrase.lower() not in right
    ]
    if not wrong:
        return []
    priority, phrase = max(wrong, key=lambda h: (h[0], len(h[1])))
    return [
        {
            "kind": "trigger",
            "pattern": phrase.lower(),
            "label": label,
            "priority": min(100, priority + 1),
        }
    ]


# Past forms a lemma test must know without the tagger (the regular ones are derived).
_IRREGULAR = {
    "struck": "strike",
    "shot": "shoot",
    "fought": "fight",
    "blew": "blow",
    "blown": "blow",
    "threw": "throw",
    "thrown": "throw",
    "took": "take",
    "taken": "take",
    "set": "set",
    "hit": "hit",
    "killed": "kill",
    "slain": "slay",
    "slew": "slay",
    "overran": "overrun",
    "seized": "seize",
}
_WORD = re.compile(r"\w+|[^\w\s]")


def _lemmas(word: str) -> frozenset[str]:
    """What a word's lemma could be: the word and its forms without an inflection."""
    lower = word.lower()
    forms = {lower, _IRREGULAR.get(lower, lower)}
    for ending, back in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("d", ""), ("ing", "")):
        if lower.endswith(ending) and len(lower) > len(ending) + 2:
            stem = lower[: -len(ending)] + back
            forms.add(stem)
            if ending in ("ed", "ing"):
                forms.add(stem + "e")  # fired, firing -> fire
                if len(stem) > 2 and stem[-1] == stem[-2]:
                    forms.add(stem[:-1])  # hitting -> hit
    return frozenset(forms)


def _spec_fits(spec: dict[str, Any], lower: str, lemmas: frozenset[str]) -> bool:
    """Whether a token fits a Matcher spec, judged on its words only (POS and the parse are
    not known here, so they are taken to fit)."""
    for key, value in spec.items():
        if key in ("LEMMA", "NORM"):
            have = lemmas
        elif key in ("LOWER", "ORTH", "TEXT"):
            have = frozenset([lower])
        else:
            continue
        if isinstance(value, str):
            if value.lower() not in have:
                return False
        elif isinstance(value, dict):
            if "IN" in value and not any(str(v).lower() in have for v in value["IN"]):
                return False
            if "NOT_IN" in value and any(str(v).lower() in have for v in value["NOT_IN"]):
                return False
    return True


def _pattern_specs(pattern: Any) -> list[dict[str, Any]]:
    """A trigger pattern as Matcher specs: a phrase becomes one lemma test per word."""
    if isinstance(pattern, str):
        return [{"LEMMA": word.lower()} for word in _WORD.findall(pattern)]
    return [dict(spec) for spec in pattern if isinstance(spec, dict)]


def _pattern_spans(pattern: Any, sentence: str) -> list[str]:
    """Where a trigger pattern matches ``sentence`` (the longest match at each start), as
    written. Tokens are words and punctuation marks; lemmas are guessed (``_lemmas``)."""
    specs = _pattern_specs(pattern)
    if not specs:
        return []
    tokens = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD.finditer(sentence)]
    lemmas = [_lemmas(word) for _, _, word in tokens]

    def ends(p: int, t: int) -> Iterable[int]:
        if p == len(specs):
            yield t
            return
        spec = specs[p]
        op = spec.get("OP")
        test = {k: v for k, v in spec.items() if k != "OP"}

        def fits(i: int) -> bool:
            return i < len(tokens) and _spec_fits(test, tokens[i][2], lemmas[i])

        if op == "!":
            if t < len(tokens) and not fits(t):
                yield from ends(p + 1, t + 1)
            return
        if op in ("?", "*"):
            yield from ends(p + 1, t)
        if op in ("*", "+"):
            i = t
            while fits(i):
                i += 1
                yield from ends(p + 1, i)
            return
        if fits(t):
            yield from ends(p + 1, t + 1)

    found = []
    for start in range(len(tokens)):
        end = max(ends(0, start), default=start)
        if end > start:
            found.append(sentence[tokens[start][0] : tokens[end - 1][1]])
    return found


def correction_lessons(
    event: Event, fields: dict[str, Any], settings: Any = None
) -> list[dict[str, Any]]:
    """Everything a correction offers to teach: actor aliases, a place, a trigger phrase.

    settings (Settings | None): where the gazetteer index and the team's triggers are.
        Defaults to the packaged rules and the default index.
    The correction is made already: a rule file that does not load costs only its offer
    (logged), never the answer.
    """
    index = settings.gazetteer_file if settings is not None else None
    user_triggers = settings.user_rules.get("triggers") if settings is not None else None
    user_file = Path(user_triggers).expanduser() if user_triggers else None

    def rules() -> list[Any]:
        if user_file is None or not user_file.exists():
            return _trigger_rules(None, None)  # the first trigger lesson creates the file
        return _trigger_rules(str(user_file), user_file.stat().st_mtime)

    offers: list[Callable[[], list[dict[str, Any]]]] = [
        lambda: actor_lessons(event, fields),
        lambda: place_lessons(event, fields, gazetteer_knows(index)),
        lambda: trigger_lessons(event, fields, rules()),
    ]
    lessons: list[dict[str, Any]] = []
    for offer in offers:
        try:
            lessons.extend(offer())
        except ConflictCoderError as exc:
            logger.warning("no lesson offered for %s: %s", event.event_id, exc)
    return lessons


def _candidates(sentences: Iterable[str]) -> list[str]:
    """Name-like phrases of the sentences, longest first: runs of capitalised words (and
    "al-" words), joined by "of", "the", "al", "bin"; each run also from each later
    capitalised word on ("Gunmen of the Saraya al-Fajr" gives "Saraya al-Fajr" too). A lone
    capitalised first word of a sentence is left out."""
    found: list[str] = []
    for sentence in sentences:
        tokens = _TOKEN.findall(sentence)
        runs: list[list[tuple[int, str]]] = []
        current: list[tuple[int, str]] = []
        for index, token in enumerate(tokens):
            if _name_like(token) or (token.lower() in _JOINERS and current):
                current.append((index, token))
            else:
                if current:
                    runs.append(current)
                current = []
        if current:
            runs.append(current)
        for run in runs:
            while run and not _name_like(run[-1][1]):
                run = run[:-1]
            for start in range(len(run)):
                if not _name_like(run[start][1]):
                    continue
                part = run[start:]
                if len(part) == 1 and part[0][0] == 0:
                    continue
                phrase = " ".join(token for _, token in part)
                if phrase not in found:
                    found.append(phrase)
    return sorted(found, key=lambda p: -len(p))


def _name_like(token: str) -> bool:
    return token[:1].isupper() or bool(_PARTICLE.match(token))


def _is_place(phrase: str, event: Event) -> bool:
    places = {event.location, event.admin1, event.admin2, event.admin3, event.country}
    return phrase in places


def _lesson_keys(
    lesson: dict[str, Any], texts: tuple[str, ...], optional: tuple[str, ...]
) -> dict[str, Any]:
    """The lesson's values of ``texts`` (as strings, "" when absent) and of ``optional``
    (None when absent), by key: the keyword arguments of the function that applies it."""
    return {
        **{key: str(lesson.get(key, "")) for key in texts},
        **{key: lesson.get(key) for key in optional},
    }


def teach(settings: Any, lesson: dict[str, Any]) -> str:
    """Apply one lesson to the rule file the settings name for its kind.

    Raises ConfigError when the settings name no file for it (the team sets
    ``user_rules.actors`` / ``user_rules.triggers`` / ``gazetteer_supplement`` first).
    """
    kind = lesson.get("kind")
    if kind not in LESSON_KINDS:
        raise ConfigError(f"unknown lesson kind {kind!r}: use one of {', '.join(LESSON_KINDS)}")
    setting, target = {
        "actor": ("user_rules.actors", settings.user_rules.get("actors", "")),
        "trigger": ("user_rules.triggers", settings.user_rules.get("triggers", "")),
        "place": ("gazetteer_supplement", settings.gazetteer_supplement),
    }[str(kind)]
    if not target:
        raise ConfigError(f"no {setting} file is set: name the team's file in the settings first")
    try:
        if kind == "actor":
            return add_actor_alias(
                target, **_lesson_keys(lesson, ("name", "alias"), ("inter", "country"))
            )
        if kind == "trigger":
            return add_trigger(target, **_lesson_keys(lesson, ("pattern", "label"), ("priority",)))
        return add_place(target, place=dict(lesson.get("place") or {}))
    except ConflictCoderError:
        raise
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{target}: {exc}") from None
