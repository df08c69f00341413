"""Rule data (YAML/CSV) and the one loader that validates it with file:line errors.

The files here are the packaged defaults; a user file with the same shape is merged on
top (see ``Settings.user_rules``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml

from ..errors import OntologyError
from ..files import os_problem
from .families import RuleFamily, rule_family

R = TypeVar("R")

ONTOLOGY_DIR = Path(__file__).parent


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping as ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = {str(k): v for k, v in loader.construct_mapping(node, deep=True).items()}
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

# YAML 1.1 reads on/off/yes/no as booleans; in word lists they are words ("fire on").
# Only true/false stay booleans, as in YAML 1.2.
_LineLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_yaml(path: str | Path) -> Any:
    """Load a YAML file; every mapping carries its 1-based ``__line__``.

    Raises OntologyError naming the file and line when the YAML does not parse.

    Example:
        >>> load_yaml(ONTOLOGY_DIR / "acled_types.yaml")[0]["event_type"]
        'Battles'
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise OntologyError(path, os_problem(exc)) from None
    except UnicodeDecodeError:
        raise OntologyError(path, "not UTF-8 text") from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise OntologyError(path, f"invalid YAML: {problem}", line=line) from None


def line_of(entry: Any) -> int | None:
    """The source line recorded by ``load_yaml`` for a mapping, if any."""
    return entry.get("__line__") if isinstance(entry, dict) else None


def without_lines(data: Any) -> Any:
    """YAML data as ``load_yaml`` gave it, without the ``__line__`` keys (at every depth).

    Example:
        >>> without_lines([{"word": "raid", "__line__": 3}])
        [{'word': 'raid'}]
    """
    if isinstance(data, dict):
        return {k: without_lines(v) for k, v in data.items() if k != "__line__"}
    if isinstance(data, list):
        return [without_lines(v) for v in data]
    return data


_CUE_LIST = "conflictcoder.cue_list"


def cue_list(
    keep: Callable[[list[str]], Any] = frozenset,
    *,
    key: str | None = None,
    written: Callable[[list[str]], list[str]] | None = None,
) -> Any:
    """A field of a cue record that its file gives as a word list (``CueFile``).

    keep (Callable[[list[str]], Any]): how the list's words are held (``frozenset``,
        ``tuple``, or a function that builds more). Defaults to ``frozenset``.
    key (str | None): the list's key in the file. Defaults to the field's name.
    written (Callable[[list[str]], list[str]] | None): how the words are written before
        they are kept (e.g. each phrase's words parted by one space). Defaults to as read.
    RETURNS (Any): the ``dataclasses.field`` (required: every cue file gives every list).

    Example:
        >>> from dataclasses import dataclass
        >>> @dataclass(frozen=True)
        ... class Cues:
        ...     anaphors: frozenset[str] = cue_list()
        ...     joint: tuple[str, ...] = cue_list(tuple, key="joint_prepositions")
        >>> [(name, key) for name, key, _ in word_lists(Cues)]
        [('anaphors', 'anaphors'), ('joint', 'joint_prepositions')]
    """
    return field(metadata={_CUE_LIST: (key, keep, written)})


def word_lists(record: Any) -> Iterator[tuple[str, str, Callable[[list[str]], Any]]]:
    """The word lists a cue record declares with ``cue_list``: (field, key of the file, how
    the list's words become the field's value)."""
    for item in fields(record):
        if _CUE_LIST in item.metadata:
            key, keep, written = item.metadata[_CUE_LIST]
            yield item.name, key or item.name, _composed(keep, written)


def _composed(
    keep: Callable[[list[str]], Any], written: Callable[[list[str]], list[str]] | None
) -> Callable[[list[str]], Any]:
    return keep if written is None else lambda words: keep(written(words))


class WordLists:
    """A YAML file that maps keys to lists of words or phrases (the cue files).

    ``words(key)`` gives a list's entries lower-cased and stripped; a key that is missing
    or not a list of words is an OntologyError naming the file and the key. ``data`` is
    the file's mapping, for keys of other shapes.

    path (str | Path): the file.
    kind (str): what the file holds, for the error when it is not a mapping.

    Example:
        >>> WordLists(ONTOLOGY_DIR / "discourse.yaml", "discourse").words("anaphors")[0]
        'the'
    """

    def __init__(self, path: str | Path, kind: str) -> None:
        self.path = path
        self.data = load_yaml(path)
        if not isinstance(self.data, dict):
            raise OntologyError(path, f"{kind} file must be a mapping of word lists")

    def words(self, key: str) -> list[str]:
        value = self.data.get(key)
        if not isinstance(value, list) or not all(str(v).strip() for v in value):
            raise OntologyError(
                self.path, f"'{key}' must be a list of words or phrases", line=line_of(self.data)
            )
        return [str(v).strip().lower() for v in value]

    def fields(self, record: Any) -> dict[str, Any]:
        """The fields of cue record type ``record`` that are word lists (``cue_list``), each
        its list's words as the field keeps them.

        Example:
            >>> from conflictcoder.extract.discourse import Discourse
            >>> lists = WordLists(ONTOLOGY_DIR / "discourse.yaml", "discourse")
            >>> "the" in lists.fields(Discourse)["anaphors"]
            True
        """
        return {name: keep(self.words(key)) for name, key, keep in word_lists(record)}


@dataclass(frozen=True)
class CueFile(Generic[R]):
    """A cue file declared once: its packaged path, what it holds and the record its word
    lists are read into, one list a field declared with ``cue_list`` (the cue rule families
    of ``extract/``).

    path (Path): the packaged file.
    kind (str): what it holds ("places"), for the error when a file is not a mapping.
    record (type[R]): the record type, a dataclass.
    more (Callable[[dict[str, Any]], dict[str, Any]] | None): the record's fields that are
        no word list, read from the file's mapping. Defaults to none.

    Example:
        >>> from conflictcoder.extract.discourse import DISCOURSE_CUE_FILE
        >>> "the" in DISCOURSE_CUE_FILE.read().anaphors
        True
    """

    path: Path
    kind: str
    record: type[R]
    more: Callable[[dict[str, Any]], dict[str, Any]] | None = None

    def read(self, path: str | Path | None = None) -> R:
        """The record of a file of this shape (the packaged one by default); raises
        OntologyError naming the file (and line) of one that is not a mapping of word
        lists."""
        found = WordLists(self.path if path is None else path, self.kind)
        more = self.more(found.data) if self.more is not None else {}
        return self.record(**found.fields(self.record), **more)

    def family(self, name: str) -> RuleFamily[R]:
        """Declare the rule family ``name`` of the packaged file (it takes no user file)."""
        return rule_family(name, self.path, lambda user: self.read())


@dataclass(frozen=True)
class SubEventType:
    name: str
    event_type: str
    plover: str | None
    ucdp: int | None
    by_state: str | None = None
    by_non_state: str | None = None
    initiators: frozenset[int] | None = None
    initiators_with: frozenset[str] = frozenset()

    def can_initiate(self, inter: int | None, weapon: str | None = None) -> bool:
        """Whether an actor of ACLED inter code ``inter`` can carry this event out (with
        ``weapon``): any actor unless ``initiators`` restricts it.

        Example:
            >>> strike = acled_types()["Air/drone strike"]
            >>> strike.can_initiate(1), strike.can_initiate(2), strike.can_initiate(2, "drone")
            (True, False, True)
        """
        if self.initiators is None or inter is None or inter in self.initiators:
            return True
        return weapon is not None and weapon.lower() in self.initiators_with


def _codes(path: Path, sub: dict[str, Any], key: str) -> frozenset[int] | None:
    value = sub.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 8 for v in value
    ):
        raise OntologyError(
            path, f"'{key}' of '{sub.get('name')}' must be a list of ACLED inter codes (0-8)"
        )
    return frozenset(value)


def acled_types() -> dict[str, SubEventType]:
    """ACLED's 25 sub-event types by name, each with its event type and mappings
    (``ACLED_TYPES.packaged()``; the pipeline's components get theirs from its resources).

    Example:
        >>> acled_types()["Air/drone strike"].event_type
        'Explosions/Remote violence'
    """
    return ACLED_TYPES.packaged()


def load_acled_types(
    path: str | Path = ONTOLOGY_DIR / "acled_types.yaml",
) -> dict[str, SubEventType]:
    """Load and check the sub-event types of ``path`` (the packaged ``acled_types.yaml``).

    Example:
        >>> load_acled_types()["Armed clash"].event_type
        'Battles'
    """
    path = Path(path)
    result: dict[str, SubEventType] = {}
    for group in load_yaml(path):
        for sub in group["sub_event_types"]:
            result[sub["name"]] = SubEventType(
                sub["name"],
                group["event_type"],
                sub.get("plover"),
                sub.get("ucdp"),
                sub.get("by_state"),
                sub.get("by_non_state"),
                _codes(path, sub, "initiators"),
                frozenset(str(w).lower() for w in sub.get("initiators_with") or ()),
            )
    for sub in result.values():
        for other in (sub.by_state, sub.by_non_state):
            if other is not None and other not in result:
                raise OntologyError(path, f"unknown sub_event_type '{other}' in '{sub.name}'")
    return result


ACLED_TYPES = rule_family(
    "acled_types", ONTOLOGY_DIR / "acled_types.yaml", lambda user: load_acled_types()
)
