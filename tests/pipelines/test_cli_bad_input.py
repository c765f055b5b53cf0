"""`mchverify extract --json` on a batch with bad files: each gets its own error, the rest is read."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from typer.testing import CliRunner

from mchverify.pipelines.cli import app

pytestmark = pytest.mark.ocr


def _png_header_only(path: Path, side: int) -> None:
    """A PNG that declares side×side pixels but carries a tiny stream: a decompression bomb."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat)
                     + chunk(b"IEND", b""))


def _bad_batch(tmp: Path) -> dict[str, Path]:
    files = {}
    files["empty"] = tmp / "empty.pdf"
    files["empty"].write_bytes(b"")
    files["text_as_jpg"] = tmp / "notes.jpg"
    files["text_as_jpg"].write_text("这不是图片", encoding="utf-8")
    files["bomb"] = tmp / "bomb.png"
    _png_header_only(files["bomb"], 30000)
    files["tiny"] = tmp / "tiny.png"
    Image.new("RGB", (1, 1), "white").save(files["tiny"])
    files["truncated"] = tmp / "truncated.pdf"
    files["truncated"].write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    from reportlab.pdfgen import canvas

    enc = tmp / "encrypted.pdf"
    c = canvas.Canvas(str(enc), encrypt="secret")
    c.drawString(100, 700, "hello")
    c.save()
    files["encrypted"] = enc
    return files


def test_bad_inputs_each_get_a_clear_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    bad = _bad_batch(tmp_path)
    good = tmp_path / "blank.png"
    Image.fromarray(np.full((400, 600, 3), 255, np.uint8)).save(good)
    args = ["extract", "--json", *[str(p) for p in bad.values()], str(good)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1, result.output
    out = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    by_file = {Path(o["file"]).name: o for o in out}
    assert len(out) == len(bad) + 1
    for key, path in bad.items():
        entry = by_file[path.name]
        assert entry.get("error"), (key, entry)
        assert "Traceback" not in entry["error"]
    assert by_file["bomb.png"]["code"] == "too_large"
    assert by_file["tiny.png"]["code"] == "too_small"
    assert by_file["encrypted.pdf"]["code"] == "encrypted"
    assert by_file["empty.pdf"]["code"] == "empty"
    assert by_file["notes.jpg"]["code"] == "unsupported_format"
    assert by_file["truncated.pdf"]["code"] == "corrupt"
    assert by_file["blank.png"]["doc_type"] == "other"
    assert "error" not in by_file["blank.png"]
