"""atheris target: WARC input (``.warc`` / ``.warc.gz``) through ``ingest.read_inputs``.

Inputs are either the fuzzer's raw bytes or WARC files assembled with warcio from fuzzed
parts (record types, target URIs, dates, HTTP status and headers, content types, HTML or
text payloads, gzip per record or not), then mangled: bytes spliced in, truncated, a
Content-Length that lies. The file is read the way ``conflictcoder ingest`` reads it, by
its suffix through the reader registry, so the target exercises whichever WARC reader is
registered (and, without one, the refusal of an unknown suffix).

A quarter of the inputs are plain (not gzipped) archives of whole records cut at a fuzzed
byte inside a record (its headers or its block): such an archive must be reported (an
error naming the file), never read as if it had ended there (``truncated_plain``).

Run (libFuzzer options; a corpus folder is optional)::

    .venv/bin/python fuzz/fuzz_warc.py -atheris_runs=20000
"""

from __future__ import annotations

import io

import atheris

with atheris.instrument_imports(include=["conflictcoder", "warcio", "trafilatura"]):
    from _targets import LIMITS, Scratch, build_text, check, fuzz, mangle
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from conflictcoder.errors import InputError
    from conflictcoder.ingest import read_inputs

_scratch = Scratch()
RECORD_TYPES = ["response", "resource", "request", "metadata", "warcinfo", "revisit", "conversion"]
URIS = ["http://news.invalid/a", "https://news.invalid/2020/02/09/ariha", "", "dns:x", "\x00"]
CONTENT_TYPES = [
    "text/html; charset=utf-8",
    "text/html; charset=latin-1",
    "text/html; charset=nonsense",
    "text/plain",
    "application/json",
    "image/png",
    "",
]
STATUSES = ["200 OK", "404 Not Found", "301 Moved", "200", "abc"]
DATES = ["2020-02-09T10:00:00Z", "2020-13-45T99:00:00Z", "", "yesterday"]


def _record(writer: WARCWriter, fdp: atheris.FuzzedDataProvider) -> None:
    kind = RECORD_TYPES[fdp.ConsumeIntInRange(0, len(RECORD_TYPES) - 1)]
    uri = URIS[fdp.ConsumeIntInRange(0, len(URIS) - 1)]
    content_type = CONTENT_TYPES[fdp.ConsumeIntInRange(0, len(CONTENT_TYPES) - 1)]
    payload = build_text(fdp, max_tokens=30).encode("utf-8", "surrogatepass")
    warc_headers = {"WARC-Date": DATES[fdp.ConsumeIntInRange(0, len(DATES) - 1)]}
    http_headers = None
    if kind in ("response", "request", "revisit") and fdp.ConsumeBool():
        status = STATUSES[fdp.ConsumeIntInRange(0, len(STATUSES) - 1)]
        http_headers = StatusAndHeaders(
            status, [("Content-Type", content_type)], protocol="HTTP/1.1"
        )
    record = writer.create_warc_record(
        uri,
        kind,
        payload=io.BytesIO(payload),
        length=len(payload) if fdp.ConsumeBool() else fdp.ConsumeIntInRange(0, 2 * len(payload)),
        warc_content_type=content_type,
        warc_headers_dict=warc_headers,
        http_headers=http_headers,
    )
    writer.write_record(record)


def archive(data: bytes) -> tuple[str, bytes]:
    """A file name (.warc or .warc.gz) and its bytes, from the fuzzer's data."""
    fdp = atheris.FuzzedDataProvider(data)
    compressed = fdp.ConsumeBool()
    name = "input.warc.gz" if compressed else "input.warc"
    if fdp.ConsumeIntInRange(0, 3) == 0:
        return name, fdp.ConsumeBytes(fdp.remaining_bytes())
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compressed)
    for _ in range(fdp.ConsumeIntInRange(1, 4)):
        try:
            _record(writer, fdp)
        except Exception:  # noqa: BLE001 - warcio cannot write it: not an input we can build
            break
    return name, mangle(fdp, buffer.getvalue())


def truncated_plain(data: bytes) -> tuple[bytes, bool]:
    """A plain archive of whole records cut at a fuzzed byte, and whether the cut falls
    inside a record (not at a boundary between records, nor in the blank lines after one)."""
    fdp = atheris.FuzzedDataProvider(data)
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    ends = [0]
    for number in range(fdp.ConsumeIntInRange(1, 3)):
        payload = build_text(fdp, max_tokens=20).encode("utf-8", "surrogatepass")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://news.invalid/{number}",
            "response",
            payload=io.BytesIO(payload),
            http_headers=headers,
        )
        writer.write_record(record)
        ends.append(buffer.tell())
    content = buffer.getvalue()
    cut = fdp.ConsumeIntInRange(0, len(content))
    # a cut with only blank lines between it and a record boundary leaves whole records
    inside = not any(not content[min(cut, end) : max(cut, end)].strip() for end in ends)

    return content[:cut], inside


def test_one_input(data: bytes) -> None:
    """Read one fuzzer-built WARC file; raises on a broken contract."""
    settings = LIMITS[data[0] % len(LIMITS)] if data else LIMITS[0]
    if len(data) > 1 and data[1] % 4 == 0:
        content, inside = truncated_plain(data[2:])
        path = _scratch.write("input.warc", content)
        items = list(read_inputs([path], settings=settings))
        check(items, path, settings)
        if inside and content.strip():
            problems = [str(i) for i in items if isinstance(i, InputError)]
            assert problems, "a plain archive cut inside a record was read without an error"
        return
    name, content = archive(data[1:])
    path = _scratch.write(name, content)
    check(read_inputs([path], settings=settings), path, settings)


def main() -> None:
    fuzz(test_one_input, "trafilatura", "htmldate")


if __name__ == "__main__":
    main()
