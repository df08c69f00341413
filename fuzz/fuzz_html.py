"""atheris target: the HTML reader (``conflictcoder.html.v1``) on fuzzer-built pages.

Half the inputs are the fuzzer's raw bytes; the other half are pages assembled from markup
and news tokens (nesting, dates, boilerplate, NULs, BOMs) with raw bytes spliced in, so
that the fuzzer gets past the parser into trafilatura and our own checks quickly.

Run (libFuzzer options; a corpus folder is optional)::

    .venv/bin/python fuzz/fuzz_html.py -atheris_runs=20000
    .venv/bin/python fuzz/fuzz_html.py -max_total_time=600 fuzz-corpus/html/

A crash is any exception out of the reader, or an item that breaks its contract (see
``_targets.check``); atheris prints the input and writes it to ``crash-<sha1>``.
"""

from __future__ import annotations

import atheris

with atheris.instrument_imports(include=["conflictcoder", "trafilatura", "htmldate"]):
    from _targets import LIMITS, Scratch, build_text, check, fuzz, mangle

    from conflictcoder.ingest import read_html

_scratch = Scratch()
BOMS = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]


def page(data: bytes) -> bytes:
    """The bytes of one input page, from the fuzzer's data."""
    fdp = atheris.FuzzedDataProvider(data)
    if fdp.ConsumeBool():
        return fdp.ConsumeBytes(fdp.remaining_bytes())
    bom = BOMS[fdp.ConsumeIntInRange(0, len(BOMS) - 1)]
    text = build_text(fdp)
    return mangle(fdp, bom + text.encode("utf-8", "surrogatepass"))


def test_one_input(data: bytes) -> None:
    """Read one fuzzer-built page; raises on a broken contract."""
    settings = LIMITS[data[0] % len(LIMITS)] if data else LIMITS[0]
    path = _scratch.write("page.html", page(data[1:]))
    check(read_html(path, settings=settings), path, settings)


def main() -> None:
    fuzz(test_one_input, "trafilatura", "htmldate")


if __name__ == "__main__":
    main()
