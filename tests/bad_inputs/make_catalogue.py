"""The catalogue of bad inputs, generated (never committed as binary blobs).

Each entry is one class of bad input an intake window or a legacy archive will meet, with
what the system must answer: a failure code (the file is refused, with a reason that names
it) or ``ok`` (awkward but readable: it must be read, not refused).

    python -m tests.bad_inputs.make_catalogue OUTDIR     # or: make bad-inputs

writes every file into OUTDIR and an ``index.json`` of (class, file, expected). The tests in
this folder build the same catalogue in a temporary folder.
"""

from __future__ import annotations

import io
import json
import os
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

__all__ = ["ENTRIES", "Entry", "write_catalogue"]

OK = "ok"


@dataclass(frozen=True)
class Entry:
    """One class of bad input: its file name (bytes: not necessarily UTF-8), a maker of its
    bytes, and the expected outcome (a failure code, or OK)."""

    cls: str
    name: bytes
    make: Callable[[], bytes]
    expect: str
    about: str


# --------------------------------------------------------------------------- builders


def _page_png(w: int = 900, h: int = 600, mode: str = "RGB") -> Image.Image:
    """A plain page with a few dark bars (something for the detector, nothing to read)."""
    arr = np.full((h, w, 3), 250, np.uint8)
    for i in range(4):
        arr[80 + 110 * i: 100 + 110 * i, 100:700] = 40
    return Image.fromarray(arr).convert(mode)


def _save(im: Image.Image, fmt: str, **kw: object) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header declares width×height but carries a tiny stream."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr)
            + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 1024)) + _png_chunk(b"IEND", b""))


def _pdf(objects: list[bytes], *, root: int = 1, extra_trailer: bytes = b"") -> bytes:
    """A PDF from numbered object bodies (1-based), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += (b"trailer\n<< /Size %d /Root %d 0 R " % (len(objects) + 1, root) + extra_trailer
            + b">>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return bytes(out)


def _text_page_pdf(text: str = "hello") -> bytes:
    """A one-page PDF with a line of text (reportlab)."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(100, 700, text)
    c.save()
    return buf.getvalue()


def _encrypted_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt="secret")
    c.drawString(100, 700, "confidential")
    c.save()
    return buf.getvalue()


def _many_pages_pdf(n: int = 3000) -> bytes:
    """n empty A4 pages sharing one content stream."""
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Count %d /Kids [%s] >>" % (n, kids),
               b"<< /Length 0 >>\nstream\n\nendstream"]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * n
    return _pdf(objects)


def _javascript_pdf() -> bytes:
    """A page that runs a script when opened (an OpenAction)."""
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
                 b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
                 b"<< /Type /Action /S /JavaScript /JS (app.alert\\('hi'\\);) >>"])


def _huge_page_pdf() -> bytes:
    """One page 200 000 points square: billions of pixels if rendered."""
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200000 200000] >>"])


def _bad_xref_pdf() -> bytes:
    """An xref that points nowhere and no objects to rebuild it from."""
    return (b"%PDF-1.7\n" + b"\x00garbage\xff" * 40 + b"\nxref\n0 999\nnot an xref table\n"
            b"trailer\n<< /Root 99 0 R /Size 999 >>\nstartxref\n123456\n%%EOF\n")


def _shifted_xref_pdf() -> bytes:
    """A good PDF whose xref offsets are all off (bytes inserted after the header): a
    reader rebuilds the table from the objects."""
    data = _text_page_pdf("shifted")
    head, rest = data.split(b"\n", 1)
    return head + b"\n% a comment inserted by a broken mail gateway ...........\n" + rest


def _truncated_pdf() -> bytes:
    data = _text_page_pdf("truncated")
    return data[: len(data) * 3 // 5]


def _truncated_jpeg() -> bytes:
    data = _save(_page_png(), "JPEG", quality=90)
    return data[: len(data) // 2]


def _zero_area_png() -> bytes:
    return _png_declaring(0, 400)


def _cmyk_jpeg() -> bytes:
    return _save(_page_png(mode="CMYK"), "JPEG", quality=90)


def _png16() -> bytes:
    arr = (np.asarray(_page_png(mode="L"), np.uint16) * 257).astype(np.uint16)
    return _save(Image.fromarray(arr), "PNG")  # numpy uint16: PIL's I;16


def _alpha_png() -> bytes:
    im = _page_png(mode="RGBA")
    arr = np.asarray(im).copy()
    arr[..., 3] = 0  # a transparent background: paper comes out white, not black
    arr[80:100, 100:700, 3] = 255
    return _save(Image.fromarray(arr, mode="RGBA"), "PNG")


def _tiff_pages(n: int, side: int = 400) -> bytes:
    frames = [_page_png(side + 200, side) for _ in range(n)]
    return _save(frames[0], "TIFF", save_all=True, append_images=frames[1:],
                 compression="tiff_deflate")


def _zip_traversal() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("../../../../tmp/evil.txt", "owned")
        zf.writestr("/etc/cron.d/evil", "* * * * * root true")
        zf.writestr("scan.png", _save(_page_png(), "PNG"))
    return buf.getvalue()


ENTRIES: tuple[Entry, ...] = (
    Entry("empty", b"empty.pdf", lambda: b"", "empty", "0 bytes"),
    Entry("truncated_pdf", b"truncated.pdf", _truncated_pdf, "corrupt",
          "a PDF cut at 60 %: no end marker"),
    Entry("truncated_jpeg", b"truncated.jpg", _truncated_jpeg, "corrupt", "a JPEG cut in half"),
    Entry("encrypted_pdf", b"encrypted.pdf", _encrypted_pdf, "encrypted",
          "a user password is needed to open it"),
    Entry("thousands_of_pages", b"pages-3000.pdf", _many_pages_pdf, "too_many_pages",
          "3000 pages"),
    Entry("javascript_pdf", b"script.pdf", _javascript_pdf, "active_content",
          "an OpenAction that runs JavaScript"),
    Entry("malformed_xref", b"bad-xref.pdf", _bad_xref_pdf, "corrupt",
          "an xref table that points nowhere, nothing to rebuild from"),
    Entry("repairable_xref", b"shifted-xref.pdf", _shifted_xref_pdf, OK,
          "every xref offset wrong: rebuilt from the objects and read"),
    Entry("image_bomb", b"bomb.png", lambda: _png_declaring(30000, 30000), "too_large",
          "a PNG declaring 30000×30000 pixels in a 1 KiB stream"),
    Entry("huge_pdf_page", b"huge-page.pdf", _huge_page_pdf, "too_large",
          "a 200000-point page"),
    Entry("zero_area_image", b"zero-area.png", _zero_area_png, "corrupt",
          "a PNG 0 pixels wide"),
    Entry("one_pixel_image", b"one-pixel.png",
          lambda: _save(Image.new("RGB", (1, 1), "white"), "PNG"), "too_small", "1×1 pixel"),
    Entry("text_named_jpg", b"notes.jpg", lambda: "这不是图片".encode(), "unsupported_format",
          "a text file with an image extension"),
    Entry("gif_image", b"scan.gif", lambda: _save(_page_png(), "GIF"), "unsupported_format",
          "GIF is not an accepted scan format"),
    Entry("zip_traversal", "材料.zip".encode(), _zip_traversal, "unsupported_format",
          "a zip with ../ and absolute member paths (zip upload is not offered; never opened)"),
    Entry("png_named_pdf", b"really-a-png.pdf", lambda: _save(_page_png(), "PNG"), OK,
          "the bytes decide the format, not the extension"),
    Entry("cmyk_jpeg", b"cmyk.jpg", _cmyk_jpeg, OK, "a CMYK JPEG from a print shop"),
    Entry("png_16_bit", b"gray16.png", _png16, OK, "16-bit greyscale"),
    Entry("png_alpha", b"alpha.png", _alpha_png, OK, "transparent background"),
    Entry("multipage_tiff", b"three-pages.tif", lambda: _tiff_pages(3), OK,
          "a three-page TIFF: three pages"),
    Entry("tiff_too_many_frames", b"frames-60.tif", lambda: _tiff_pages(60, 40),
          "too_many_pages", "a TIFF of 60 frames"),
    Entry("non_utf8_name", "法人证书.png".encode("gb18030"), lambda: _save(_page_png(), "PNG"), OK,
          "a file name in GBK bytes (a Windows archive), not UTF-8"),
)


def write_catalogue(outdir: Path) -> list[tuple[Entry, Path]]:
    """Write every entry into `outdir` (file names as bytes) and an index.json."""
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for entry in ENTRIES:
        path = Path(os.fsdecode(os.path.join(os.fsencode(outdir), entry.name)))
        path.write_bytes(entry.make())
        written.append((entry, path))
    index = [{"class": e.cls, "file": os.fsencode(p.name).decode("utf-8", "backslashreplace"),
              "expect": e.expect, "about": e.about} for e, p in written]
    (outdir / "index.json").write_text(json.dumps(index, ensure_ascii=False, indent=1) + "\n",
                                       encoding="utf-8")
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "var/bad-inputs")
    for entry, path in write_catalogue(target):
        print(f"{entry.cls:<22} {entry.expect:<20} {path}")
