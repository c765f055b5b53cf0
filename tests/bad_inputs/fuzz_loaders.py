"""Coverage-guided fuzzing of the document loader with atheris (libFuzzer).

    python -m tests.bad_inputs.fuzz_loaders CORPUS_DIR -runs=2000 -max_len=65536

The seed corpus is the bad-input catalogue plus a few good files; libFuzzer mutates them and
follows new code paths through PIL, pdfium and our checks. The property: `load_document`
returns pages or raises DocumentLoadError with a code and a reason — any other exception is
a crash, which libFuzzer reports with the input that caused it (saved as crash-*).
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["mchverify"]):
    from mchverify.errors import DocumentLoadError
    from mchverify.extractors.loaders import load_document


def one_input(data: bytes) -> None:
    try:
        doc = load_document(data, "fuzz.bin", max_pages=5, max_pixels=4_000_000)
    except DocumentLoadError as exc:
        if not (exc.code and exc.reason):
            raise AssertionError("a refusal without a code or reason") from exc
        return
    if not doc.pages:
        raise AssertionError("a document with no pages was accepted")


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
