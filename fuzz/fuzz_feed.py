"""atheris target: RSS and Atom feeds (``.rss`` / ``.atom`` / ``.xml``) through
``ingest.read_inputs``.

Inputs are either the fuzzer's raw bytes or feeds assembled from fuzzed parts: RSS 2.0 or
Atom, a declared encoding that may or may not be the one used (UTF-8, UTF-16 with or without
a byte-order mark, Latin-1, Windows-1252, a name no codec knows), a DOCTYPE declaring
entities (some defined as character references), and entries whose titles, links and
bodies mix news text with character references (decimal and hex, valid, NUL, surrogates,
noncharacters, beyond U+10FFFF, too long for ``int``), named entities (known, unknown,
declared), CDATA and escaped HTML; then mangled (bytes spliced in, truncated). The
contract (``_targets.check``): only articles and errors naming the file, never an
exception, whatever an entry holds.

Run (libFuzzer options; a corpus folder is optional)::

    .venv/bin/python fuzz/fuzz_feed.py -atheris_runs=20000
"""

from __future__ import annotations

import atheris

with atheris.instrument_imports(include=["conflictcoder", "feedparser"]):
    from _targets import LIMITS, Scratch, build_text, check, fuzz, mangle

    from conflictcoder.ingest import read_inputs

_scratch = Scratch()
SUFFIXES = [".rss", ".atom", ".xml"]
ENCODINGS = ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1252", "utf-32"]
DECLARED = ["utf-8", "UTF-16", "iso-8859-1", "windows-1252", "x-nonsense", "", "utf-32"]
REFERENCES = [
    "&#65;",
    "&#x41;",
    "&#0;",
    "&#x0;",
    "&#xD800;",
    "&#55296;",
    "&#xDFFF;",
    "&#xFFFE;",
    "&#xFDD0;",
    "&#x10FFFF;",
    "&#1114112;",
    "&#x110000;",
    "&#99999999999999999999;",
    "&#x" + "F" * 40 + ";",
    "&#" + "9" * 5000 + ";",
    "&#;",
    "&#x;",
    "&#12",
    "&amp;#xD800;",
    "&eacute;",
    "&nbsp;",
    "&copy;",
    "&bogus;",
    "&amp;",
    "&lt;p&gt;",
    "&war;",
    "&bad;",
    "&self;",
]
DOCTYPES = [
    "",
    '<!DOCTYPE rss [<!ENTITY war "Shelling of &#x41;riha">]>',
    '<!DOCTYPE rss [<!ENTITY bad "&#xD800;">]>',
    '<!DOCTYPE rss [<!ENTITY self "&self;">]>',
    '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
    '"http://my.netscape.com/publish/formats/rss-0.91.dtd">',
]


def _field(fdp: atheris.FuzzedDataProvider) -> str:
    parts = []
    for _ in range(fdp.ConsumeIntInRange(0, 8)):
        if fdp.ConsumeBool():
            parts.append(REFERENCES[fdp.ConsumeIntInRange(0, len(REFERENCES) - 1)])
        else:
            parts.append(build_text(fdp, max_tokens=6))
    text = "".join(parts)
    return f"<![CDATA[{text}]]>" if fdp.ConsumeIntInRange(0, 5) == 0 else text


def feed(data: bytes) -> tuple[str, bytes]:
    """A file name and its bytes, from the fuzzer's data."""
    fdp = atheris.FuzzedDataProvider(data)
    suffix = SUFFIXES[fdp.ConsumeIntInRange(0, len(SUFFIXES) - 1)]
    if fdp.ConsumeIntInRange(0, 4) == 0:
        return "input" + suffix, fdp.ConsumeBytes(fdp.remaining_bytes())
    atom = fdp.ConsumeBool()
    declared = DECLARED[fdp.ConsumeIntInRange(0, len(DECLARED) - 1)]
    head = f'<?xml version="1.0" encoding="{declared}"?>' if declared else '<?xml version="1.0"?>'
    doctype = DOCTYPES[fdp.ConsumeIntInRange(0, len(DOCTYPES) - 1)]
    entries = []
    for number in range(fdp.ConsumeIntInRange(0, 4)):
        title, body = _field(fdp), _field(fdp)
        link = f"https://news.invalid/{number}" if fdp.ConsumeBool() else _field(fdp)
        if atom:
            entries.append(
                f'<entry><title>{title}</title><link href="{link}"/>'
                f'<id>urn:x:{number}</id><summary type="html">{body}</summary></entry>'
            )
        else:
            entries.append(
                f"<item><title>{title}</title><link>{link}</link>"
                f"<description>{body}</description></item>"
            )
    if atom:
        text = (
            f'{head}{doctype}<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{_field(fdp)}</title>{''.join(entries)}</feed>"
        )
    else:
        text = (
            f'{head}{doctype}<rss version="2.0"><channel><title>{_field(fdp)}</title>'
            f"{''.join(entries)}</channel></rss>"
        )
    encoding = ENCODINGS[fdp.ConsumeIntInRange(0, len(ENCODINGS) - 1)]
    content = text.encode(encoding, "replace") if encoding else text.encode("utf-8")
    return "input" + suffix, mangle(fdp, content)


def test_one_input(data: bytes) -> None:
    """Read one fuzzer-built feed; raises on a broken contract."""
    settings = LIMITS[data[0] % len(LIMITS)] if data else LIMITS[0]
    name, content = feed(data[1:])
    path = _scratch.write(name, content)
    check(read_inputs([path], settings=settings), path, settings)


def main() -> None:
    fuzz(test_one_input)


if __name__ == "__main__":
    main()
