"""Rule families: each family of rule data declared once, and its one packaged default.

``rule_family`` declares a family: its name, its packaged file and the function that loads
and validates it (errors at ``file:line``, a user file merged on top where the family takes
one: those of ``USER_FILE_FAMILIES``, which ``Settings.user_rules`` keys by their names).
The pipeline's ``Resources`` load each family once per coder and inject it into the
components that use it; ``RuleFamily.packaged`` is the one process-wide default, for the
public functions and classes used without a pipeline (no module keeps a private cache of
rule data).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from ..errors import OntologyError

__all__ = ["RULE_FAMILIES", "USER_FILE_FAMILIES", "RuleFamily", "rule_family"]

T = TypeVar("T")

# The families a team's file extends, by the name that keys it in the ``[user_rules]`` table
# of the settings (``Settings.user_rules``, checked by ``load_settings``); every other family
# is its packaged rules only.
USER_FILE_FAMILIES = frozenset(
    (
        "actors",
        "boilerplate",
        "claims",
        "dates",
        "incidents",
        "numbers",
        "sources",
        "tolls",
        "triggers",
    )
)


@dataclass(frozen=True, eq=False)
class RuleFamily(Generic[T]):
    """One family of rule data, declared once (see ``rule_family``).

    name (str): the family's name ("claims", "tolls").
    file (Path): its packaged file.
    load (Callable[[Path | None], T]): loads and validates the packaged file, with the given
        user file merged on top (None: the packaged rules only); raises OntologyError
        naming the file and line of what is wrong.
    """

    name: str
    file: Path
    load: Callable[[Path | None], T]

    @property
    def user_file(self) -> bool:
        """Whether a user file extends these rules (``USER_FILE_FAMILIES``)."""
        return self.name in USER_FILE_FAMILIES

    def packaged(self) -> T:
        """The packaged rules, loaded once per process: the default of the public functions
        and classes used without a pipeline (a coder's components get theirs from its
        ``Resources``)."""
        if self.name not in _PACKAGED:
            _PACKAGED[self.name] = self.load(None)
        rules: T = _PACKAGED[self.name]
        return rules

    def with_user_file(self, user_file: str | Path | None) -> T:
        """The rules with ``user_file`` merged on top; the packaged ones when it is empty."""
        if not user_file:
            return self.packaged()
        if not self.user_file:
            raise OntologyError(Path(user_file), f"the {self.name} rules take no user file")
        return self.load(Path(user_file))


# Every declared family by name (``rule_family`` adds to it), and the packaged rules of
# each, loaded on first use: the one process-wide default.
RULE_FAMILIES: dict[str, RuleFamily[Any]] = {}
_PACKAGED: dict[str, Any] = {}


def rule_family(name: str, file: Path, load: Callable[[Path | None], T]) -> RuleFamily[T]:
    """Declare a rule family (see ``RuleFamily``) and list it in ``RULE_FAMILIES``.

    Example:
        >>> from conflictcoder.resolve.tolls import TOLLS
        >>> RULE_FAMILIES["tolls"] is TOLLS, TOLLS.packaged().partial_share
        (True, 30)
    """
    family = RuleFamily(name, file, load)
    RULE_FAMILIES[name] = family
    _PACKAGED.pop(name, None)
    return family
