"""What every reader shares: reading bytes safely, decoding, the document checks, datelines.

Every function here returns an ``InputError`` (never raises one) for a bad document, so a
reader can yield it and go on with the next document.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Protocol
from urllib.parse import urlsplit

from ..clean import BOILERPLATE, BoilerplateRules, clean_text, rules_for
from ..config import Settings, load_settings
from ..errors import InputError
from ..files import os_problem as os_problem  # re-exported for the readers
from ..geo.dateline import date_pattern, match_date, prefix_pattern
from ..model import Article

logger = logging.getLogger("conflictcoder")

# A UTF-8 character is at most 4 bytes: a file larger than this many bytes per allowed
# character cannot be within max_document_chars and is refused before it is read.
MAX_BYTES_PER_CHAR = 4
# Text never holds many control bytes: above this share the content is binary.
MAX_CONTROL_SHARE = 0.01
# Above this share of undecodable bytes a file is not UTF-8 text.
MAX_INVALID_SHARE = 0.10
# The first blocks of a document searched for a standalone dateline.
DATELINE_BLOCKS = 5
# A first line longer than this is a paragraph, not a title.
MAX_TITLE_CHARS = 200
ENGLISH_CODES = frozenset({"en", "eng"})
# Bytes looked at to tell a binary file from text without reading all of it.
SNIFF_BYTES = 8192

_ASCII_LETTER_RE = re.compile(r"[A-Za-z]")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
# Lone surrogates: JSON ("\\udcff") and undecodable file names (surrogateescape) give
# strings that cannot be encoded, so the parser, the store and the console would fail.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
# Control characters have no place in a title, an outlet, an address or an id (PostgreSQL
# refuses NUL in text).
_FIELD_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f]")
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def valid_unicode(text: str) -> str:
    """``text`` with each lone surrogate (a string no codec can write) replaced by U+FFFD.

    Example:
        >>> valid_unicode("Ariha \\udcff")
        'Ariha \ufffd'
    """
    return _SURROGATE_RE.sub("\ufffd", text)


def clean_field(value: str | None) -> str | None:
    """A metadata value (title, outlet, address, id) as stored: valid Unicode, no control
    characters, whitespace runs joined; None when nothing is left.

    Example:
        >>> clean_field(" Jets\\x00 strike\\n Ariha "), clean_field("\\x00")
        ('Jets strike Ariha', None)
    """
    if value is None:
        return None
    text = " ".join(_FIELD_CONTROL_RE.sub(" ", valid_unicode(value).replace("\x00", "")).split())
    return text or None


# How every "longer than max_document_chars" problem begins (the API answers 413 for it).
TOO_LARGE = "document too large"


def web_url(value: str | None) -> str | None:
    """``value`` when it is an http(s) address with a host, else None.

    Only such an address may become a link: ``javascript:``, ``data:`` and the like run
    code or show content of the attacker's choosing when clicked.

    Example:
        >>> web_url("https://news.example/a"), web_url("javascript:alert(1)")
        ('https://news.example/a', None)
    """
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if any(ch.isspace() for ch in value):
        return None
    return value


def too_large(chars: int, settings: Settings, unit: str = "characters") -> str:
    return (
        f"{TOO_LARGE} ({chars} {unit}; "
        f"the limit is max_document_chars = {settings.max_document_chars})"
    )


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, by its ``st_mode``: "a named pipe"...

    Example:
        >>> file_kind(os.stat("/dev/null").st_mode)
        'a character device'
    """
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a directory"
    return "not a regular file"


def special_file_problem(path: Path, mode: int) -> str:
    """The problem of reading ``path``, which is not a regular file: what it is.

    A symbolic link says what it points to, so "x.txt -> /dev/zero" is not taken for a
    text file.
    """
    what = file_kind(mode)
    if path.is_symlink():
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        what = f"a symbolic link to {what}, {target}"
    return f"not a regular file: {what}; only regular files are read"


def open_regular(path: Path) -> BinaryIO | InputError:
    """Open ``path`` for reading when it is a regular file; else an InputError saying what it is.

    The file is opened without blocking and checked on the open descriptor: a named pipe
    would otherwise wait for a writer for ever, and a device (``/dev/zero``, also behind a
    symbolic link) reports size 0 and never ends.

    Example:
        >>> str(open_regular(Path("/dev/null")))
        '/dev/null: not a regular file: a character device; only regular files are read'
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return InputError(path, os_problem(exc))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            os.close(fd)
            return InputError(path, special_file_problem(path, mode))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except OSError as exc:
        os.close(fd)
        return InputError(path, os_problem(exc))


def read_bytes(path: Path, settings: Settings) -> bytes | InputError:
    """The file's bytes, or an InputError when it is missing, unreadable, no regular file,
    or too large.

    At most the limit (4 bytes per allowed character) plus one byte is ever read, whatever
    size the file system reports.

    Example:
        >>> read_bytes(Path("missing.txt"), Settings())
        InputError('missing.txt: file not found')
    """
    limit = settings.max_document_chars * MAX_BYTES_PER_CHAR
    fh = open_regular(path)
    if isinstance(fh, InputError):
        return fh
    try:
        with fh:
            size = os.fstat(fh.fileno()).st_size
            if size > limit:
                return InputError(path, too_large(size, settings, "bytes"))
            data = fh.read(limit + 1)
    except OSError as exc:
        return InputError(path, os_problem(exc))
    if len(data) > limit:  # the file grew, or its reported size was wrong
        return InputError(path, too_large(len(data), settings, "bytes") + " or more")
    return data


# The body of a reader of whole files: the path, its bytes, the default date and settings.
FileBody = Callable[[Path, bytes, date | None, Settings], Iterator[Article | InputError]]


class Reader(Protocol):
    """What ``readers`` holds: a file's articles, or the errors that name it."""

    def __call__(
        self, path: str | Path, *, published: date | None = None, settings: Settings | None = None
    ) -> Iterator[Article | InputError]: ...


def reads_whole_file(body: FileBody) -> Reader:
    """A reader ``(path, *, published=None, settings=None)`` made of ``body``, which reads
    the file's bytes: the reader loads the settings when none are given, reads the bytes
    (``read_bytes``: at most the limit) and yields the InputError when it cannot.

    The reader keeps the body's name, docstring and module.

    Example:
        >>> @reads_whole_file
        ... def sizes(path, data, published, settings):
        ...     yield InputError(path, f"{len(data)} bytes")
        >>> list(sizes("missing.txt"))
        [InputError('missing.txt: file not found')]
    """

    def reader(
        path: str | Path, *, published: date | None = None, settings: Settings | None = None
    ) -> Iterator[Article | InputError]:
        path = Path(path)
        settings = settings or load_settings()
        data = read_bytes(path, settings)
        if isinstance(data, InputError):
            yield data
            return
        yield from body(path, data, published, settings)

    reader.__name__ = body.__name__
    reader.__qualname__ = body.__qualname__
    reader.__doc__ = body.__doc__
    reader.__module__ = body.__module__
    return reader


def bom_encoding(data: bytes) -> str | None:
    """The encoding named by a byte-order mark at the start of ``data``, if any."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def wide_encoding(data: bytes) -> str | None:
    """ "UTF-16"/"UTF-32" (with the byte order) when ``data`` is text in one of them, else None.

    A byte-order mark names it; without one, text in these encodings (mostly ASCII) has
    NUL bytes at fixed places in every 2 or 4 bytes.

    Example:
        >>> wide_encoding('{"text": "x"}'.encode("utf-16-le"))
        'UTF-16 (little-endian)'
        >>> wide_encoding(b'{"text": "x"}') is None
        True
    """
    for bom, name in (
        (codecs.BOM_UTF32_LE, "UTF-32 (little-endian)"),
        (codecs.BOM_UTF32_BE, "UTF-32 (big-endian)"),
        (codecs.BOM_UTF16_LE, "UTF-16 (little-endian)"),
        (codecs.BOM_UTF16_BE, "UTF-16 (big-endian)"),
    ):
        if data.startswith(bom):
            return name
    size = len(data) - len(data) % 4
    if size < 8 or data[:size].count(0) < size // 3:
        return None

    def nul_share(start: int, step: int) -> float:
        part = data[start:size:step]
        return part.count(0) / len(part)

    for name, step, zeros, letters in (
        ("UTF-32 (little-endian)", 4, (1, 2, 3), (0,)),
        ("UTF-32 (big-endian)", 4, (0, 1, 2), (3,)),
        ("UTF-16 (little-endian)", 2, (1,), (0,)),
        ("UTF-16 (big-endian)", 2, (0,), (1,)),
    ):
        if all(nul_share(i, step) > 0.9 for i in zeros) and all(
            nul_share(i, step) < 0.1 for i in letters
        ):
            return name
    return None


def looks_binary(data: bytes) -> bool:
    """True when control bytes (NUL included) are too common for text.

    A few stray NULs or control characters in a text are tolerated (``clean_text`` strips
    them); images, archives and executables have them everywhere.

    Example:
        >>> looks_binary(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR")
        True
        >>> looks_binary(b"Plain text.")
        False
    """
    if not data or bom_encoding(data) in ("utf-16", "utf-32"):
        return False
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return controls > MAX_CONTROL_SHARE * len(data)


def document_problem(path: Path, data: bytes) -> InputError | None:
    """Why ``data`` cannot be a document (empty, or binary), or None.

    Example:
        >>> str(document_problem(Path("a.html"), b"  "))
        'a.html: empty document'
    """
    if not data.strip():
        return InputError(path, "empty document")
    if looks_binary(data):
        return InputError(path, "not a text document (binary content)")
    return None


def decode_text(path: Path, data: bytes) -> str | InputError:
    """Decode a text file: UTF-8 (a BOM picks UTF-16/32), undecodable bytes replaced.

    Returns an InputError when the content is binary or mostly not UTF-8.

    Example:
        >>> decode_text(Path("a.txt"), "Idlib \\u2013 two killed".encode())
        'Idlib – two killed'
    """
    encoding = bom_encoding(data)
    if encoding is None and looks_binary(data):
        return InputError(path, "not a text document (binary content)")
    try:
        return data.decode(encoding or "utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode(encoding or "utf-8", errors="replace")
    invalid = text.count("\ufffd")
    if invalid > MAX_INVALID_SHARE * max(len(text), 1):
        share = round(100 * invalid / max(len(text), 1))
        return InputError(
            path,
            f"not a text document (binary content, or not UTF-8: {share}% of the characters "
            "cannot be decoded; save it as UTF-8)",
        )
    logger.warning("%s: %d bytes are not valid UTF-8; replaced with U+FFFD", path, invalid)
    return text


def is_english_code(code: str | None) -> bool:
    """True for a missing language code and for English ("en", "en-GB", "eng")."""
    if not code or not code.strip():
        return True
    return re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0] in ENGLISH_CODES


def script_problem(text: str, settings: Settings) -> str | None:
    """Why ``text`` is not English by its letters, or None when Latin letters dominate.

    Example:
        >>> script_problem("قتل ثلاثة مدنيين في قصف", Settings())
        'not English (mostly Arabic letters: 0% Latin, below min_latin_ratio = 0.6)'
    """
    latin = len(_ASCII_LETTER_RE.findall(text))
    other_scripts: dict[str, int] = {}
    for ch in _NON_ASCII_RE.findall(text):
        if not ch.isalpha():
            continue
        script = unicodedata.name(ch, "").split(" ", 1)[0]
        if script == "LATIN":
            latin += 1
        else:
            other_scripts[script] = other_scripts.get(script, 0) + 1
    letters = latin + sum(other_scripts.values())
    if not letters or latin >= settings.min_latin_ratio * letters:
        return None
    main = max(sorted(other_scripts), key=lambda s: other_scripts[s])
    name = "Chinese/Japanese (CJK)" if main == "CJK" else main.title()
    return (
        f"not English (mostly {name} letters: {int(100 * latin / letters)}% Latin, "
        f"below min_latin_ratio = {settings.min_latin_ratio})"
    )


# --- datelines ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _DatelinePatterns:
    full: re.Pattern[str]
    anywhere: re.Pattern[str]


# A memo of patterns compiled from the rules it is given (no rule data of its own).
@lru_cache(maxsize=4)
def _dateline_patterns(rules: BoilerplateRules) -> _DatelinePatterns:
    core = date_pattern(rules, year=r"\d{4}", iso_time=True)
    clock = (
        r"(?:\s*(?:[,|·•\-–—]|\bat\b)?\s*\d{1,2}[:.]\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?"
        r"\s*(?:\(?(?:[a-z]{2,5}|utc\s*[+-]\s*\d{1,2}|[+-]\d\d:?\d\d)\)?)?)?"
    )
    full = rf"{prefix_pattern(rules)}{core}{clock}\s*[.|]?"
    return _DatelinePatterns(
        re.compile(full, re.IGNORECASE), re.compile(rf"\b{core}\b", re.IGNORECASE)
    )


def _to_date(match: re.Match[str], rules: BoilerplateRules) -> date | None:
    found = match_date(match, rules)
    return found if found is not None and 1900 <= found.year <= 2100 else None


def parse_dateline(line: str, rules: BoilerplateRules | None = None) -> date | None:
    """The date of a line that is only a date ("17 December, 2019", "2019-12-17").

    Strict patterns, not a free-text date parser: a sentence that mentions a date is no
    dateline. Month and weekday names and prefixes ("Published") come from boilerplate.yaml.

    Example:
        >>> parse_dateline("Published: Tuesday 17 December 2019 10:45 GMT")
        datetime.date(2019, 12, 17)
        >>> parse_dateline("Clashes resumed on 17 December, 2019.") is None
        True
    """
    rules = rules or BOILERPLATE.packaged()
    match = _dateline_patterns(rules).full.fullmatch(line.strip())
    return _to_date(match, rules) if match else None


def search_date(text: str, rules: BoilerplateRules | None = None) -> date | None:
    """The first strict date pattern anywhere in a short text (a meta value, a byline).

    Example:
        >>> search_date("Published on Dec. 17, 2019 by A. Writer")
        datetime.date(2019, 12, 17)
    """
    rules = rules or BOILERPLATE.packaged()
    return _first_date(
        _to_date(match, rules) for match in _dateline_patterns(rules).anywhere.finditer(text)
    )


def find_dateline(text: str, rules: BoilerplateRules | None = None) -> date | None:
    """The date of the first standalone dateline among the first blocks of a cleaned text.

    Example:
        >>> find_dateline("Jets strike Ariha\\n\\n9 February, 2020\\n\\nThree were killed.")
        datetime.date(2020, 2, 9)
    """
    return _first_date(
        parse_dateline(block, rules) for block in text.split("\n\n")[:DATELINE_BLOCKS]
    )


def _first_date(found: Iterable[date | None]) -> date | None:
    """The first date in ``found`` that is not None (None when none is)."""
    return next((day for day in found if day is not None), None)


def title_from_text(text: str, rules: BoilerplateRules | None = None) -> str | None:
    """The first block of a cleaned text when it reads as a headline (short, no final period).

    Example:
        >>> title_from_text("Jets strike Ariha\\n\\nThree people were killed.")
        'Jets strike Ariha'
    """
    first = text.split("\n\n", 1)[0].strip()
    if (
        not first
        or len(first) > MAX_TITLE_CHARS
        or first.endswith(".")
        or not any(ch.isalpha() for ch in first)
        or parse_dateline(first, rules) is not None
    ):
        return None
    return first


# --- the checks every document goes through -------------------------------------------------


def build_article(
    path: Path,
    raw_text: str,
    *,
    settings: Settings,
    doc_id: str,
    origin: str,
    line: int | None = None,
    title: str | None = None,
    published: date | None = None,
    default_published: date | None = None,
    source: str | None = None,
    url: str | None = None,
    language: str | None = None,
    title_from_first_line: bool = False,
) -> Article | InputError:
    """Check, clean and assemble one document; an InputError says why it was refused.

    Order: empty, too large, declared language, boilerplate clean-up (empty after it),
    a line longer than ``max_paragraph_chars``, letters mostly non-Latin. Lone surrogates
    become U+FFFD and metadata loses its control characters (``clean_field``). The date is
    the document's own (metadata, else a standalone dateline near the top), else
    ``default_published``.

    Example:
        >>> build_article(Path("a.txt"), "Jets strike Ariha\\n\\n9 February, 2020\\n\\nTwo died.",
        ...               settings=Settings(), doc_id="a", origin="a.txt",
        ...               title_from_first_line=True).published
        datetime.date(2020, 2, 9)
    """
    if _SURROGATE_RE.search(raw_text):
        logger.warning("%s: lone surrogates in the text were replaced with U+FFFD", path)
        raw_text = valid_unicode(raw_text)
    if not raw_text.strip():
        return InputError(path, "empty document", line=line)
    doc_id = _FIELD_CONTROL_RE.sub("", valid_unicode(doc_id))
    if not doc_id.strip():
        return InputError(path, "the document id has no printable characters", line=line)
    if len(raw_text) > settings.max_document_chars:
        return InputError(path, too_large(len(raw_text), settings), line=line)
    if not is_english_code(language):
        return InputError(path, f"not English (language '{language}')", line=line)
    rules = rules_for(settings)
    text = clean_text(raw_text, rules=rules)
    if not text:
        return InputError(path, "empty document after removing boilerplate", line=line)
    longest = max(map(len, text.split("\n")))
    if longest > settings.max_paragraph_chars:
        return InputError(
            path,
            f"paragraph too long ({longest} characters without a line break; "
            f"the limit is max_paragraph_chars = {settings.max_paragraph_chars})",
            line=line,
        )
    problem = script_problem(text, settings)
    if problem:
        return InputError(path, problem, line=line)
    if title_from_first_line and not title:
        title = title_from_text(text, rules)
    if published is None:
        published = find_dateline(text, rules) or default_published
    address = clean_field(url)
    if address is not None and web_url(address) is None:
        logger.warning(
            "%s: url %r is not an http(s) address; the article is kept without it",
            origin,
            address[:80],
        )
        address = None
    return Article(
        id=doc_id,
        text=text,
        title=clean_field(title),
        published=published,
        source=clean_field(source),
        url=address,
        language="en",
        origin=valid_unicode(origin),
    )
