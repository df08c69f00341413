"""Boilerplate removal: what a news page wraps around its story, taken out of the text.

The rules are data (``ontology/boilerplate.yaml``: line patterns to drop, photo-credit
patterns, dateline words), validated on load; a user file of the same shape is merged on
top with ``load_rules(user_file=...)``. ``clean_text`` only ever drops whole lines that a
rule describes from start to end (or a caption ending in a credit), so a real news sentence
is never cut.

Example:
    >>> clean_text("Jets strike Binnish\\n2 min read\\nTwo people were killed.\\nFollow us on X")
    'Jets strike Binnish\\n\\nTwo people were killed.'
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from .config import Settings
from .errors import OntologyError
from .ontology import ONTOLOGY_DIR, line_of, load_yaml
from .ontology.families import rule_family

logger = logging.getLogger("conflictcoder")

BOILERPLATE_FILE = ONTOLOGY_DIR / "boilerplate.yaml"

_INT_KEYS = ("max_dropped_line_chars", "max_caption_chars", "max_headline_chars")
_LIST_KEYS = ("agencies", "weekdays", "dateline_prefixes")
_RULE_KEYS = ("drop_lines", "caption_credits")
_INTERNAL = frozenset(("__line__", "__origins__", "__file__"))
_KNOWN_KEYS = frozenset((*_INT_KEYS, *_LIST_KEYS, *_RULE_KEYS, "months")) | _INTERNAL
_RULE_FIELDS = frozenset(("id", "pattern", "and_next", "note", "disable")) | _INTERNAL


@dataclass(frozen=True)
class LineRule:
    """One boilerplate rule.

    id (str): unique name; a user rule with the same id replaces the packaged one.
    pattern (re.Pattern[str]): compiled, case-insensitive. Drop rules are matched against the
        whole line; credit rules at the end of a line.
    and_next (bool): also drop the next line when it is a headline.
    note (str): what the rule is for.
    """

    id: str
    pattern: re.Pattern[str]
    and_next: bool = False
    note: str = ""


@dataclass(frozen=True, eq=False)  # hashed by identity: cached per rule set
class BoilerplateRules:
    """The validated contents of ``boilerplate.yaml`` (plus any user file).

    Example:
        >>> rules = BOILERPLATE.packaged()
        >>> rules.months["dec"], rules.max_caption_chars
        (12, 300)
    """

    drop_lines: tuple[LineRule, ...]
    caption_credits: tuple[LineRule, ...]
    max_dropped_line_chars: int
    max_caption_chars: int
    max_headline_chars: int
    agencies: tuple[str, ...]
    months: dict[str, int]
    weekdays: tuple[str, ...]
    dateline_prefixes: tuple[str, ...]

    def drop_rule_for(self, line: str) -> LineRule | None:
        """The first drop rule that describes the whole (normalised) line, if any.

        Example:
            >>> BOILERPLATE.packaged().drop_rule_for("Read also: Ten killed in Hama").id
            'read_also'
        """
        if len(line) > self.max_dropped_line_chars:
            return None
        for rule in self.drop_lines:
            if rule.pattern.fullmatch(line):
                return rule
        return None

    def credit_at_end(self, line: str) -> re.Match[str] | None:
        """The photo credit that ends the line, if any.

        Example:
            >>> BOILERPLATE.packaged().credit_at_end("Smoke over Idlib [AFP]").group(0)
            '[AFP]'
        """
        for rule in self.caption_credits:
            match = rule.pattern.search(line)
            if match:
                return match
        return None


def _merge_raw(base: dict[str, Any], extra: dict[str, Any], extra_path: Path) -> dict[str, Any]:
    """Limits of ``extra`` replace; word lists and months are extended; rules merge by id.

    Each value (and each rule) coming from ``extra`` remembers ``extra_path`` so that errors
    name the file it came from.
    """
    merged = dict(base)
    origins = dict(base.get("__origins__", {}))
    for key, value in extra.items():
        if key == "__line__":
            continue
        origins[key] = extra_path
        if key in _RULE_KEYS and isinstance(value, list) and isinstance(base.get(key), list):
            by_id = {rule.get("id"): rule for rule in base[key] if isinstance(rule, dict)}
            for rule in value:
                if isinstance(rule, dict) and rule.get("disable") is True:
                    if by_id.pop(rule.get("id"), None) is None:
                        logger.warning(
                            "%s: %s: no rule '%s' to disable", extra_path, key, rule.get("id")
                        )
                elif isinstance(rule, dict):
                    by_id[rule.get("id")] = {**rule, "__file__": extra_path}
            merged[key] = list(by_id.values())
        elif key == "months" and isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = {**base[key], **value}
        elif key in _LIST_KEYS and isinstance(value, list) and isinstance(base.get(key), list):
            merged[key] = base[key] + [v for v in value if v not in base[key]]
        else:
            merged[key] = value
    merged["__origins__"] = origins
    return merged


def _where(raw: dict[str, Any], key: str, default: Path) -> Path:
    """The file a top-level value came from (the user file once it overrode the key)."""
    origin = raw.get("__origins__", {}).get(key)
    return origin if isinstance(origin, Path) else default


def _check_str_list(path: Path, raw: dict[str, Any], key: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise OntologyError(
            _where(raw, key, path), f"'{key}' must be a list of non-empty strings", key=key
        )
    return tuple(v.strip() for v in value)


def _agency_alternation(agencies: Sequence[str]) -> str:
    names = sorted(set(agencies), key=lambda a: (-len(a), a))
    return "|".join(r"\s+".join(re.escape(part) for part in name.split()) for name in names)


def _compile_rule(path: Path, key: str, entry: Any, agencies: str, *, anchor_end: bool) -> LineRule:
    if not isinstance(entry, dict):
        raise OntologyError(
            path, f"{key}: each rule must be a mapping with 'id' and 'pattern'", key=key
        )
    path = entry.get("__file__", path)
    line = line_of(entry)
    unknown = sorted(set(entry) - _RULE_FIELDS)
    if unknown:
        raise OntologyError(
            path,
            f"{key}: unknown field '{unknown[0]}' (known: and_next, disable, id, note, pattern)",
            line=line,
            key=key,
        )
    rule_id, pattern = entry.get("id"), entry.get("pattern")
    if not isinstance(rule_id, str) or not rule_id:
        raise OntologyError(path, f"{key}: rule without an 'id'", line=line, key=key)
    if "disable" in entry:
        raise OntologyError(
            path,
            f"{key}: rule '{rule_id}': "
            "'disable: true' is for a user file, to remove a packaged rule",
            line=line,
            key=key,
        )
    if not isinstance(pattern, str) or not pattern.strip():
        raise OntologyError(path, f"{key}: rule '{rule_id}' has no 'pattern'", line=line, key=key)
    and_next = entry.get("and_next", False)
    if not isinstance(and_next, bool):
        raise OntologyError(
            path, f"{key}: rule '{rule_id}': 'and_next' must be true or false", line=line, key=key
        )
    source = pattern.replace("{agencies}", agencies)
    if anchor_end:
        source = f"(?:{source})\\s*$"
    try:
        compiled = re.compile(source, re.IGNORECASE)
    except re.error as exc:
        raise OntologyError(
            path, f"{key}: rule '{rule_id}' has an invalid pattern: {exc}", line=line, key=key
        ) from None
    if compiled.fullmatch("") or (anchor_end and compiled.search("")):
        raise OntologyError(
            path, f"{key}: rule '{rule_id}' matches an empty line", line=line, key=key
        )
    return LineRule(rule_id, compiled, and_next, str(entry.get("note", "")))


def _compile_rules(
    path: Path, raw: dict[str, Any], key: str, agencies: str, *, anchor_end: bool
) -> tuple[LineRule, ...]:
    entries = raw.get(key, [])
    where = _where(raw, key, path)
    if not isinstance(entries, list):
        raise OntologyError(where, f"'{key}' must be a list of rules", key=key)
    rules: list[LineRule] = []
    seen: set[str] = set()
    for entry in entries:
        rule = _compile_rule(where, key, entry, agencies, anchor_end=anchor_end)
        if rule.id in seen:
            raise OntologyError(
                entry.get("__file__", where),
                f"{key}: duplicate id '{rule.id}'",
                line=line_of(entry),
                key=key,
            )
        seen.add(rule.id)
        rules.append(rule)
    if not rules:
        logger.warning("%s: no '%s' rules: that clean-up step does nothing", where, key)
    return tuple(rules)


def _check_file(path: Path, raw: dict[str, Any]) -> None:
    """What can only be checked within one file: its keys and that its rule ids are unique."""
    unknown = sorted(set(raw) - _KNOWN_KEYS)
    if unknown:
        known = ", ".join(sorted(_KNOWN_KEYS - _INTERNAL))
        raise OntologyError(
            path, f"unknown key '{unknown[0]}' (known: {known})", line=line_of(raw), key=unknown[0]
        )
    for key in _RULE_KEYS:
        entries = raw.get(key)
        if not isinstance(entries, list):
            continue
        seen: set[Any] = set()
        for entry in entries:
            if isinstance(entry, dict) and entry.get("id") is not None:
                if entry["id"] in seen:
                    raise OntologyError(
                        path, f"{key}: duplicate id '{entry['id']}'", line=line_of(entry), key=key
                    )
                seen.add(entry["id"])


def _build(path: Path, raw: dict[str, Any]) -> BoilerplateRules:
    ints: dict[str, int] = {}
    for key in _INT_KEYS:
        value = raw.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise OntologyError(
                _where(raw, key, path),
                f"'{key}' must be a positive integer, got {value!r}",
                key=key,
            )
        ints[key] = value
    agencies = _check_str_list(path, raw, "agencies")
    alternation = _agency_alternation(agencies) or r"(?!)"  # no agencies: {agencies} never matches
    months_raw = raw.get("months", {})
    months_path = _where(raw, "months", path)
    if not isinstance(months_raw, dict):
        raise OntologyError(months_path, "'months' must be a mapping of name: 1..12", key="months")
    months: dict[str, int] = {}
    for name, number in months_raw.items():
        if name == "__line__":
            continue
        if isinstance(number, bool) or number not in range(1, 13):
            raise OntologyError(
                months_path,
                f"months: '{name}' must map to a month number 1..12, got {number!r}",
                line=line_of(months_raw),
                key="months",
            )
        months[str(name).strip().lower().rstrip(".")] = number
    return BoilerplateRules(
        drop_lines=_compile_rules(path, raw, "drop_lines", alternation, anchor_end=False),
        caption_credits=_compile_rules(path, raw, "caption_credits", alternation, anchor_end=True),
        max_dropped_line_chars=ints["max_dropped_line_chars"],
        max_caption_chars=ints["max_caption_chars"],
        max_headline_chars=ints["max_headline_chars"],
        agencies=agencies,
        months=months,
        weekdays=tuple(w.lower() for w in _check_str_list(path, raw, "weekdays")),
        dateline_prefixes=tuple(p.lower() for p in _check_str_list(path, raw, "dateline_prefixes")),
    )


def _load_mapping(path: Path) -> dict[str, Any]:
    raw = load_yaml(path)
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise OntologyError(path, "expected a mapping of rule groups at the top level", line=1)
    return raw


def load_rules(
    path: str | Path | None = None, *, user_file: str | Path | None = None
) -> BoilerplateRules:
    """Load and validate boilerplate rules, merging an optional user file on top.

    path (str | Path | None): the base rule file. Defaults to the packaged ``boilerplate.yaml``.
    user_file (str | Path | None): a file of the same shape: its rules are added (same id:
        replaced; ``disable: true`` removes one), its words are added to the word lists and
        months, its limits replace the base ones. Defaults to none.
    RETURNS (BoilerplateRules): the compiled rules.
    Raises OntologyError naming the file and line of a malformed entry.

    Example:
        >>> [r.id for r in load_rules().drop_lines][:2]
        ['read_also', 'read_also_header']
    """
    base_path = Path(path) if path is not None else BOILERPLATE_FILE
    raw = _load_mapping(base_path)
    _check_file(base_path, raw)
    if user_file:
        user_path = Path(user_file)
        user_raw = _load_mapping(user_path)
        _check_file(user_path, user_raw)
        raw = _merge_raw(raw, user_raw, user_path)
    return _build(base_path, raw)


BOILERPLATE = rule_family("boilerplate", BOILERPLATE_FILE, lambda user: load_rules(user_file=user))


# --- text normalisation -------------------------------------------------------------------

_NEWLINES = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n"}
_NEWLINE_RE = re.compile("|".join(re.escape(k) for k in _NEWLINES))
# C0/C1 control characters except tab and newline (NUL included).
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
_HEADLINE_END = re.compile(r"[.!;:,…][\"'”’»)\]]*$")
_CONTINUES = re.compile(r"[,;\-–—]$")  # a line ending mid-sentence


def _drop_format_char(match: re.Match[str]) -> str:
    ch = match.group(0)
    # zero-width spaces, soft hyphens, BOMs and direction marks are format characters (Cf)
    return "" if unicodedata.category(ch) == "Cf" else ch


def _normalise_chars(text: str) -> str:
    text = _NEWLINE_RE.sub(lambda m: _NEWLINES[m.group(0)], text)
    text = _CONTROL_RE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    return _NON_ASCII_RE.sub(_drop_format_char, text)


def _blocks(text: str) -> list[list[str]]:
    """Whitespace-normalised lines grouped into blank-line-separated blocks."""
    blocks: list[list[str]] = [[]]
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _is_headline(line: str, rules: BoilerplateRules) -> bool:
    return len(line) <= rules.max_headline_chars and not _HEADLINE_END.search(line)


def _drop_boilerplate(blocks: list[list[str]], rules: BoilerplateRules) -> list[list[str]]:
    flat = [(b, line) for b, block in enumerate(blocks) for line in block]
    keep: list[list[str]] = [[] for _ in blocks]
    drop_next = False
    for b, line in flat:
        if drop_next:
            drop_next = False
            if _is_headline(line, rules) and rules.drop_rule_for(line) is None:
                continue
        rule = rules.drop_rule_for(line)
        if rule is not None:
            drop_next = rule.and_next
            continue
        credit = rules.credit_at_end(line)
        if credit is not None:
            if len(line) <= rules.max_caption_chars:
                continue  # a photo caption
            line = line[: credit.start()].rstrip()
            if not line:
                continue
        keep[b].append(line)
    return [block for block in keep if block]


def _is_wrapped(lines: list[str]) -> bool:
    """A hard-wrapped paragraph: 3+ lines, all but the last close to one width (<= 100)."""
    if len(lines) < 3:
        return False
    widths = [len(line) for line in lines[:-1]]
    width = max(widths)
    return 40 <= width <= 100 and min(widths) >= 0.6 * width and len(lines[-1]) <= width + 2


def _join(lines: list[str]) -> str:
    """The lines of one paragraph joined with spaces; a word split at a line end by a hyphen
    ("Ar-" / "iha") keeps its hyphen and no space. Linear in the length of the paragraph."""
    parts = [lines[0]]
    for left, right in pairwise(lines):
        glued = left.endswith("-") and len(left) > 1 and left[-2].isalpha()
        if not (glued and right[:1].islower()):
            parts.append(" ")
        parts.append(right)
    return "".join(parts)


def _unwrap(lines: list[str]) -> list[str]:
    """One paragraph per line, except lines that continue the previous one.

    Whether a line continues depends only on the end of the paragraph so far, which is the
    end of its last line: each line is looked at once (a block of many short lines would
    otherwise be re-read, and re-copied, once per line).
    """
    if _is_wrapped(lines):
        return [_join(lines)]
    paragraphs: list[list[str]] = [[lines[0]]]
    for line in lines[1:]:
        prev = paragraphs[-1][-1]
        if not _SENTENCE_END.search(prev) and (
            line[:1].islower() or _CONTINUES.search(prev) is not None
        ):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return [_join(paragraph) for paragraph in paragraphs]


def _same(a: str, b: str) -> bool:
    return a.casefold().rstrip(".") == b.casefold().rstrip(".")


def clean_text(text: str, *, rules: BoilerplateRules | None = None) -> str:
    """Remove boilerplate lines and normalise whitespace.

    Drops "Read also: ..." / "Related: ..." link lines (and a headline that follows a bare
    "Read also"), "Follow us on ...", "N min read", share / subscribe / advertisement lines,
    photo captions ending in a credit ("[Getty]", "(Photo: Reuters)") and a line repeated
    right after itself. Strips NUL, control and zero-width characters, joins hard-wrapped
    lines and returns one paragraph per block, blocks separated by a blank line.

    text (str): raw document text.
    rules (BoilerplateRules | None): rules to apply. Defaults to the packaged ones.
    RETURNS (str): the cleaned text ("" when nothing is left).

    Example:
        >>> clean_text("Shelling hits Ariha\\nShelling hits Ariha\\nSmoke rises [AFP]\\n"
        ...            "Three people were killed.\\nRead also: Ten die in Hama")
        'Shelling hits Ariha\\n\\nThree people were killed.'
    """
    rules = rules or BOILERPLATE.packaged()
    blocks = _drop_boilerplate(_blocks(_normalise_chars(text)), rules)
    paragraphs: list[str] = []
    for block in blocks:
        for paragraph in _unwrap(block):
            if paragraphs and _same(paragraphs[-1], paragraph):
                continue
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


# A memo by user-file path, not a copy of the packaged rules: the readers of ingest/, which
# have no pipeline Resources, ask for the rules of their settings once per document.
@lru_cache(maxsize=8)
def _user_rules(user_file: str) -> BoilerplateRules:
    return BOILERPLATE.with_user_file(user_file)


def rules_for(settings: Settings) -> BoilerplateRules:
    """The clean-up rules for these settings: packaged, plus a user file when one is set.

    The user file is ``[user_rules] boilerplate`` (a YAML file shaped like
    ``boilerplate.yaml``). A coder's components get theirs from its ``Resources``
    (``resources.rules(BOILERPLATE)``).

    Example:
        >>> rules_for(Settings()) is BOILERPLATE.packaged()
        True
    """
    user_file = settings.user_rules.get(BOILERPLATE.name)
    return _user_rules(str(user_file)) if user_file else BOILERPLATE.packaged()
