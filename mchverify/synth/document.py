"""One document from its record to a file on disk and its label.

Every random choice comes from generators seeded by (seed, index), so a document does not
depend on which worker process makes it or in which order.
"""

from __future__ import annotations

import datetime as dt
import enum
import random
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image

from mchverify.schemas.codes import ZH, DocType
from mchverify.synth.booklet import (
    BOOKLET_TYPES,
    DUPLICATE_TYPES,
    compose_booklet,
    compose_duplicate,
)
from mchverify.synth.content import Content, build_content
from mchverify.synth.copier import attest, photocopy, styles_of
from mchverify.synth.decor import PAPERS
from mchverify.synth.degrade import degrade, noise, plan_degradations
from mchverify.synth.elicence import compose_elicence
from mchverify.synth.fonts import FontFace, FontSet, choose_fontset, covers, faces_of
from mchverify.synth.forgery import paste_patch
from mchverify.synth.layouts import (
    Composition,
    back_page,
    compose,
    compose_prose,
    validation_page,
)
from mchverify.synth.official import compose_official
from mchverify.synth.other import other_content
from mchverify.synth.page import Page, Photo
from mchverify.synth.parts import Part
from mchverify.synth.pdf import write_digital_pdf, write_scanned_pdf
from mchverify.synth.records import REFERENCE_DATE, DocRecord, Institution
from mchverify.synth.render import render_page
from mchverify.synth.textfmt import format_date

__all__ = ["DATE_FIELDS", "DPIS", "FORMATS", "Job", "blank_page", "ink_blot", "jsonable",
           "make_document"]

DATE_FIELDS = frozenset({"birth_date", "issue_date", "valid_from", "valid_until",
                         "last_validation_date"})

FORMATS = ("jpg", "png", "tiff", "pdf-scan", "pdf-digital")
DPIS = (150, 200, 240, 300)
_EXT = {"jpg": "jpg", "png": "png", "tiff": "tif", "pdf-scan": "pdf", "pdf-digital": "pdf"}
_PHONE_MAX_SIDE = 2600  # px: a phone photo is not sharper than a phone camera


@dataclass
class Job:
    """What a worker needs to make document `index`."""

    index: int
    seed: int
    fmt: str
    outdir: Path
    record: DocRecord | None  # None for an `other` document
    other_institution: Institution | None = None
    #: a problem variant made at render time (see `problems`): seal_missing, qr_mismatch,
    #: tampered, low_confidence (an ink blot), unknown_doc_type (an `other` page printed
    #: instead), unreadable (a blank sheet); `tweak` holds its parameters (QR payload, forged
    #: field and value, blotted field, page kind).
    problem: str | None = None
    tweak: dict[str, Any] | None = None
    #: which part of the generator's choices to draw (`parts`): tests tune, benchmarks both
    part: str = Part.TUNE.value
    #: share of scanned certificates printed on their official blank (`official`)
    official_share: float = 0.35
    #: share of scanned certificates handed in as a photocopy (复印件) of the original
    copy_share: float = 0.12
    #: share of official sheets filled in by hand (None: by the blank's age, see _print_format)
    hand_share: float | None = None
    #: share of official sheets printed bilingual (None: by the region, see _print_format)
    bilingual_share: float | None = None


def jsonable(value: Any) -> Any:
    """Labels and registry hold ISO dates, code strings and plain lists."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    return value


def _all_text(c: Content) -> str:
    parts = [c.title, c.over_title or "", c.mark or "", c.issuer, c.date_text, c.seal_text,
             c.seal_bottom, "照片校验记录日期结果机关盖章合格：:"]
    parts += [r.value + (r.label or "") for r in c.rows] + c.footer + c.paragraphs
    parts += [d for d, _ in c.validations]
    return "".join(parts)


def _family(rng: random.Random, rec: DocRecord) -> tuple[str, bool]:
    """Layout family and orientation: booklets for personal certificates, landscape licences."""
    if rec.person is not None:
        family = rng.choices(("table", "colon", "spaced", "booklet"), (0.3, 0.25, 0.2, 0.25))[0]
        landscape = family == "booklet" or rng.random() < 0.15
    else:
        family = rng.choices(("table", "colon", "spaced"), (0.35, 0.35, 0.3))[0]
        landscape = rng.random() < 0.55
    return family, landscape


def _save_image(path: Path, fmt: str, images: list[np.ndarray], dpi: int,
                rng: random.Random) -> dict[str, Any]:
    pil = [Image.fromarray(im) for im in images]
    info: dict[str, Any] = {}
    if fmt == "jpg":
        q = rng.randint(72, 95)
        pil[0].save(path, "JPEG", quality=q, dpi=(dpi, dpi))
        info["jpeg_quality"] = q
    elif fmt == "png":
        pil[0].save(path, "PNG", compress_level=2, dpi=(dpi, dpi))
    else:
        comp = rng.choice(("tiff_lzw", "jpeg", "tiff_adobe_deflate"))
        kwargs: dict[str, Any] = {"compression": comp, "dpi": (dpi, dpi)}
        if comp == "jpeg":
            kwargs["quality"] = rng.randint(75, 92)
        pil[0].save(path, "TIFF", save_all=len(pil) > 1, append_images=pil[1:], **kwargs)
        info["tiff_compression"] = comp
    return info


def blank_page(rng: random.Random, *, landscape: bool = False) -> Page:
    """An empty sheet fed with the application (a separator, the blank back of a form)."""
    _name, paper = rng.choice(PAPERS)
    return Page(297.0, 210.0, paper) if landscape else Page(210.0, 297.0, paper)


def ink_blot(img: np.ndarray, box: list[int], rng: random.Random) -> tuple[np.ndarray,
                                                                           dict[str, Any]]:
    """An ink stain on the paper over `box` (x0, y0, x1, y1 px): a spilt fountain-pen or
    stamp-pad ink blob, irregular, with a few splashes, dark enough that the value under it
    cannot be read by anyone. Made on the sheet before it is scanned."""
    x0, y0, x1, y1 = (int(v) for v in box)
    h = max(8, y1 - y0)
    pad = int(h * rng.uniform(0.35, 0.6))
    bx0, by0 = max(0, x0 - pad), max(0, y0 - pad)
    bx1, by1 = min(img.shape[1], x1 + pad), min(img.shape[0], y1 + pad)
    mask = np.zeros(img.shape[:2], np.uint8)
    # the blob: overlapping ellipses along the value, so that its outline is ragged
    cx = bx0
    while cx < bx1:
        ry = int((by1 - by0) / 2 * rng.uniform(1.0, 1.5))
        rx = int(h * rng.uniform(0.9, 1.8))
        cy = (by0 + by1) // 2 + int(h * rng.uniform(-0.2, 0.2))
        cv2.ellipse(mask, (cx + rx // 2, cy), (rx, ry), rng.uniform(-25, 25), 0, 360, 255, -1)
        cx += int(rx * rng.uniform(0.7, 1.2))
    cv2.rectangle(mask, (bx0, by0), (bx1, by1), 255, -1)
    for _ in range(rng.randint(2, 6)):  # splashes around it
        r = int(h * rng.uniform(0.08, 0.3))
        sx = rng.randint(bx0 - 2 * h, bx1 + 2 * h)
        sy = rng.choice((by0 - rng.randint(r, 2 * h), by1 + rng.randint(r, 2 * h)))
        cv2.circle(mask, (sx, sy), r, 255, -1)
    soft = cv2.GaussianBlur(mask, (0, 0), max(1.0, h / 10)).astype(np.float32) / 255
    soft = np.clip(soft * 1.6, 0, 1)[..., None]
    colour = rng.choice(((24, 30, 70), (18, 18, 24), (40, 28, 60), (95, 20, 28)))
    # ink soaks unevenly: a little mottling, never light enough to show the print under it
    mottle = np.asarray(cv2.GaussianBlur(
        np.random.default_rng(rng.randrange(2**32)).normal(0, 1, img.shape[:2]).astype(
            np.float32), (0, 0), max(1.0, h / 6)))[..., None]
    ink = np.clip(np.array(colour, np.float32) + 40 * mottle, 0, 120)
    out = img.astype(np.float32) * (1 - soft) + ink * soft
    info = {"box_px": [bx0, by0, bx1, by1], "colour": list(colour)}
    return np.clip(out, 0, 255).astype(np.uint8), info


@dataclass(frozen=True)
class _Note:
    """The clerk's 此复印件与原件一致 to write on a copy: a stream of its own, a pen hand."""

    rng: random.Random
    face: FontFace
    part: Part
    when: dt.date


#: share of copies a clerk has checked against the original and signed
_ATTESTED_SHARE = 0.5


def _note(job: Job, copy: str | None) -> _Note | None:
    """Whether the copy carries the clerk's note, and how it is written."""
    if copy is None or job.record is None:
        return None
    arng = random.Random(f"mchverify-synth:{job.seed}:{job.index}:attest")
    if arng.random() >= _ATTESTED_SHARE:
        return None
    part = Part(job.part)
    pens = _pen_faces(part)
    if not pens:
        return None
    when = job.record.as_of - dt.timedelta(days=arng.randint(0, 20))
    return _Note(arng, arng.choice(pens), part, when)


def _sent(job: Job) -> dt.datetime | None:
    """When the applicant faxed the page: some days before the application is read, in
    office hours."""
    if job.record is None:
        return None
    srng = random.Random(f"mchverify-synth:{job.seed}:{job.index}:sent")
    day = job.record.as_of - dt.timedelta(days=srng.randint(0, 30))
    return dt.datetime(day.year, day.month, day.day, srng.randint(8, 17), srng.randint(0, 59))


def _raster(comp: Composition, fonts: Any, dpi: int, rng: random.Random,
            nrng: np.random.Generator, *, geometric: bool = True,
            blot: str | None = None, meta: dict[str, Any] | None = None,
            copy: str | None = None, note: _Note | None = None,
            sent: dt.datetime | None = None,
            ) -> tuple[list[np.ndarray], dict[str, Any]]:
    """Render and degrade every page; page 2 shares page 1's orientation and scanner.

    `geometric=False`: a flatbed scan laid straight (no photo, skew or turn), so that the
    pixel boxes of the rendering still hold on the file (a forger edits such a scan).
    `blot`: a field whose printed value an ink stain covers on page 1 (recorded in `meta`).
    `copy`: the sheet is a photocopy of the original made by a copier of this style, then
    scanned (a copy's paper has no tint of its own); `sent`: when a faxed one was sent.
    """
    photo_ok = len(comp.pages) == 1
    plan, orientation = plan_degradations(rng, photo_allowed=photo_ok)
    if copy is not None:
        plan = [s for s in plan if s["kind"] != "tint"]
    if not geometric:
        plan = [s for s in plan if s["kind"] not in ("phone_photo", "rotate", "orientation")]
        orientation = 0
    images: list[np.ndarray] = []
    applied_all: list[dict[str, Any]] = []
    boxes: dict[str, list[int]] = {}
    fields_at = int(comp.meta.get("fields_page", 1)) - 1  # a booklet's cover comes first
    for n, page in enumerate(comp.pages):
        img, page_boxes = render_page(page, fonts, dpi, nrng)
        if n == fields_at:
            boxes = page_boxes
            if blot is not None:
                img, info = ink_blot(img, page_boxes[blot], rng)
                if meta is not None:
                    meta["blot"] = {"field": blot, **info}
        if copy is not None:
            img, copied = photocopy(img, nrng, copy, sent=sent)  # type: ignore[arg-type]
            if n == 0 and meta is not None:
                meta["copy_params"] = copied
            if note is not None and n == fields_at:  # the clerk's pen, on the copy
                img, written = attest(img, note.rng, note.face, note.part, note.when)
                if meta is not None:
                    meta["attested"] = written
        photo = [step for step in plan if step["kind"] == "phone_photo"]
        if photo:  # the whole frame, not the page, is at most a phone camera's size
            scale = _PHONE_MAX_SIDE * photo[0]["fill"] / max(img.shape[:2])
            if scale < 1:
                img = np.asarray(Image.fromarray(img).resize(
                    (int(img.shape[1] * scale), int(img.shape[0] * scale)),
                    Image.Resampling.LANCZOS))
            photo[0]["page_scale"] = round(min(1.0, scale), 4)
        img, applied = degrade(img, plan, nrng, page.paper)
        if n == 0:
            applied_all = applied
        images.append(img)
    return images, {"degradations": applied_all, "orientation": orientation,
                    "field_boxes_px": boxes}


def _forge(img: np.ndarray, boxes: dict[str, list[int]], content: Content, fonts: Any,
           tweak: dict[str, Any], rng: random.Random, meta: dict[str, Any],
           fields: dict[str, Any]) -> np.ndarray:
    """Paste a forged value over its printed value; the label follows.

    `tweak["candidates"]`: [field, value] pairs in order of preference; the first printed on
    one line of page 1 is forged.
    """
    heights = sorted(b[3] - b[1] for b in boxes.values())
    line = heights[len(heights) // 2] if heights else 0
    name, value = next(((f, v) for f, v in tweak["candidates"] if f in boxes
                        and boxes[f][3] - boxes[f][1] <= 1.6 * line),
                       tuple(tweak["candidates"][0]))
    if name in DATE_FIELDS:
        day = dt.date.fromisoformat(value)
        printed = content.printed.get(name, "")
        text = format_date(day, content.date_styles.get(name, "cn"),  # type: ignore[arg-type]
                           pad="年0" in printed or "月0" in printed)
    else:
        text = value
    forged, info = paste_patch(img, boxes[name], text, fonts.value, rng)
    fields[name] = value
    content.printed[name] = text
    meta["tamper"] = {"field": name, "value": value, "text": text, **info}
    return forged


def _print_format(job: Job) -> tuple[str, bool]:
    """Generic layout or official blank (and whether bilingual), from a stream of its own so
    that the generic documents of a seed look as they did before blanks existed."""
    rec = job.record
    frng = random.Random(f"mchverify-synth:{job.seed}:{job.index}:print")
    if rec is None or (job.tweak is not None and job.problem != "seal_missing") \
            or job.fmt == "pdf-digital":
        # a problem made at render time (a pasted patch, a blot, a QR code) is drawn on the
        # generic layouts; a problem of the record (expired, revoked…) on any print
        return ("e_licence" if job.fmt == "pdf-digital" else "generic"), False
    if frng.random() >= job.official_share:
        return "generic", False
    # booklets are mostly scanned open at their inner pages; licences also come as 副本
    # asked for hand-filled or bilingual sheets only
    sheet_only = job.hand_share == 1.0 or job.bilingual_share == 1.0
    if rec.doc_type in BOOKLET_TYPES and frng.random() < 0.55 and not sheet_only:
        return "booklet", False
    if rec.doc_type in DUPLICATE_TYPES and frng.random() < 0.4 and not sheet_only:
        return "duplicate", False
    xinjiang = rec.place.province.code == "65"
    bilingual = frng.random() < (job.bilingual_share if job.bilingual_share is not None
                                 else 0.7 if xinjiang else 0.1)
    # older blanks were often filled in by hand at the issuing office
    issued = rec.fields["issue_date"]
    hand = job.hand_share if job.hand_share is not None else (
        0.3 if issued.year < 2017 else 0.08)
    if not bilingual and frng.random() < hand:
        return "handwritten", False
    return "official", bilingual


def _copy_style(job: Job) -> str | None:
    """Whether this document reaches the window as a photocopy, and of which copier."""
    crng = random.Random(f"mchverify-synth:{job.seed}:{job.index}:copy")
    if job.record is None or job.tweak is not None or job.fmt == "pdf-digital":
        return None
    if crng.random() >= job.copy_share:
        return None
    return crng.choice(styles_of(job.part))


def _fill_face(fonts: FontSet, rng: random.Random, text: str, part: Part) -> FontSet:
    """A printer fills a blank in another face than the blank's own labels."""
    others = [f for f in faces_of(part) if f.key != fonts.label.key and not f.key.endswith(
        "-bold") and covers(f, text)]
    return replace(fonts, value=rng.choice(others)) if others else fonts


def _hand_face(fonts: FontSet, rng: random.Random, text: str, part: Part) -> FontSet:
    """A hand's letters: the part's brush (Kai) faces."""
    kai = [f for f in _pen_faces(part) if covers(f, text)]
    return replace(fonts, value=rng.choice(kai)) if kai else fonts


def _pen_faces(part: Part) -> list[FontFace]:
    """The part's brush (Kai) faces, regular weight: what a hand or a pen looks like."""
    return [f for f in faces_of(part) if f.style == "kai" and not f.key.endswith("-bold")]


#: share of e-licences in the issuing system's own design (the rest: a generic page
#: exported as a PDF, as older systems did)
_OWN_DESIGN_SHARE = 0.65


def _own_design(job: Job) -> bool:
    """Whether this e-licence is drawn in the e-licence design (a stream of its own)."""
    return random.Random(f"mchverify-synth:{job.seed}:{job.index}:elicence").random() < \
        _OWN_DESIGN_SHARE


def _elicence(rec: DocRecord, rng: random.Random, part: Part,
              ) -> tuple[Content, Composition, FontSet, dict[str, Any]]:
    """An e-licence in its own design (`elicence`), with an embeddable face."""
    text = "".join(str(v) for v in jsonable(rec.fields).values()) + rec.printed_number + ZH[
        rec.doc_type] + "中华人民共和国电子证照扫码核验验真伪证照标识码持证主体代码验证核下载生成时间" \
        "本与纸质具有同等法律效力发机关日期备注母婴保健技术服务项目"
    fonts = choose_fontset(rng, text, truetype_only=True, part=part)
    off = compose_elicence(rec, fonts, rng, part=part)
    qr = off.composition.meta["qr_payload"]
    content = Content(doc_type=rec.doc_type.value, title=off.composition.meta["official_title"],
                      issuer=str(rec.fields["issuer"]),
                      issuer_label=off.label_variants.get("issuer"),
                      label_variants=off.label_variants, date_styles=off.date_styles,
                      printed=off.printed, personal=rec.person is not None,
                      qr=qr if "|" in qr else None)
    fields = {k: v for k, v in jsonable(rec.fields).items() if k in off.fields}
    return content, off.composition, off.fonts, fields


def _official(rec: DocRecord, rng: random.Random, part: Part, bilingual: bool,
              hand: bool = False, kind: str = "official",
              ) -> tuple[Content, Composition, FontSet, dict[str, Any]]:
    """The official blank (a sheet, an open booklet, a licence's 副本); the content records
    what was printed and how."""
    text = "".join(str(v) for v in jsonable(rec.fields).values()) + rec.printed_number + ZH[
        rec.doc_type] + "中华人民共和国监制年月日自至机关名称校验记录变更经营性质服务对象床位"
    fonts = choose_fontset(rng, text, truetype_only=False, part=part)
    fonts = (_hand_face if hand else _fill_face)(fonts, rng, text, part)
    if kind == "booklet":
        off = compose_booklet(rec, fonts, rng, part=part)
    elif kind == "duplicate":
        off = compose_duplicate(rec, fonts, rng, part=part)
    else:
        off = compose_official(rec, fonts, rng, part=part, bilingual=bilingual, hand=hand)
    content = Content(doc_type=rec.doc_type.value, title=off.composition.meta["official_title"],
                      mark=off.composition.meta.get("mark"), issuer=str(rec.fields["issuer"]),
                      issuer_label=off.label_variants.get("issuer"),
                      photo=any(isinstance(i, Photo) for pg in off.composition.pages
                                for i in pg.items),
                      label_variants=off.label_variants, date_styles=off.date_styles,
                      printed=off.printed, personal=rec.person is not None)
    fields = {k: v for k, v in jsonable(rec.fields).items() if k in off.fields}
    return content, off.composition, off.fonts, fields


#: formats that hold one page: a photo or a single scan
_ONE_IMAGE = frozenset({"jpg", "png"})


def _one_image(comp: Composition, fmt: str) -> tuple[Composition, str]:
    """What a one-image file of a composition of several pages holds.

    A photo of a booklet is of its open spread, not of its cover or a change page: those
    pages go, and the label's pages with them. A 副本 whose record page holds a field is
    scanned as one file of both pages (a scanned PDF), as the window scans it."""
    at = int(comp.meta.get("fields_page", 1))
    elsewhere = {int(n) for n in (comp.meta.get("field_pages") or {}).values()} - {at}
    if elsewhere:
        return comp, "pdf-scan"
    meta = {k: v for k, v in comp.meta.items() if k not in ("change_register", "page2")}
    meta["fields_page"] = 1
    if "field_pages" in meta:
        meta["field_pages"] = {k: 1 for k in meta["field_pages"]}
    meta["pages_dropped"] = len(comp.pages) - 1
    return replace(comp, pages=[comp.pages[at - 1]], meta=meta), fmt


def make_document(job: Job) -> dict[str, Any]:
    """Write document `job.index` and return its label."""
    rng = random.Random(f"mchverify-synth:{job.seed}:{job.index}:render")
    nrng = np.random.default_rng([job.seed, job.index, 7])
    fmt = job.fmt
    rec = job.record
    two_pages = (fmt == "tiff" and rng.random() < 0.5) or (fmt == "pdf-scan" and
                                                            rng.random() < 0.15)
    tweak = job.tweak or {}
    page_kind = tweak.get("page")  # "other" or "blank": not the record's certificate
    if job.problem in ("tampered", "low_confidence") or page_kind:
        two_pages = False
    meta: dict[str, Any] = {"format": fmt, "part": job.part}
    fields: dict[str, Any] = {}
    part = Part(job.part)
    print_format, bilingual = _print_format(job)
    copy = None if page_kind else _copy_style(job)
    meta["copy"] = copy
    if page_kind:
        print_format = "generic"
    if page_kind == "blank":
        content = Content(doc_type=DocType.OTHER.value, title="")
        fonts = choose_fontset(rng, "照片", truetype_only=fmt == "pdf-digital", part=part)
        comp = Composition(pages=[blank_page(rng, landscape=rng.random() < 0.2)],
                           family="blank", variant="blank")
        doc_type = DocType.OTHER.value
        meta["blank"] = True
    elif rec is None or page_kind == "other":
        inst = job.other_institution if rec is None else rec.institution
        assert inst is not None
        kind, content = other_content(inst, rng)
        fonts = choose_fontset(rng, _all_text(content), truetype_only=fmt == "pdf-digital",
                               part=part)
        comp = compose_prose(content, fonts, rng)
        two_pages = False
        doc_type = DocType.OTHER.value
        meta["other_kind"] = kind
        meta["institution"] = inst.iid
    elif print_format == "e_licence" and rec is not None and _own_design(job):
        content, comp, fonts, fields = _elicence(rec, rng, part)
        doc_type = rec.doc_type.value
    elif print_format in ("official", "handwritten", "booklet", "duplicate"):
        content, comp, fonts, fields = _official(rec, rng, part, bilingual,
                                                 hand=print_format == "handwritten",
                                                 kind=print_format)
        if print_format in ("booklet", "duplicate"):
            two_pages = False  # their pages (cover, spread, records) are their own
        doc_type = rec.doc_type.value
    else:
        content = build_content(rec, rng, allow_page2=two_pages)
        if job.problem == "qr_mismatch":
            content.qr = tweak["qr"]
        fonts = choose_fontset(rng, _all_text(content), truetype_only=fmt == "pdf-digital",
                               part=part)
        family, landscape = _family(rng, rec)
        comp = compose(content, fonts, rng, family=family, landscape=landscape)  # type: ignore[arg-type]
        doc_type = rec.doc_type.value
        fields = jsonable(rec.fields)
    if job.problem == "seal_missing":  # the issuer never stamped it; a blank's 监制 stays
        for pg in comp.pages:
            pg.seals = [s for s in pg.seals if s.kind != "issuer"]
    if two_pages:
        if content.validation_style == "page2":
            comp.pages.append(validation_page(content, fonts, rng, comp.pages[0].landscape,
                                              comp.pages[0]))
            meta["page2"] = "validation_record"
        else:
            comp.pages.append(back_page(comp.pages[0]))
            meta["page2"] = "back_side"
    if fmt in _ONE_IMAGE and len(comp.pages) > 1:
        comp, fmt = _one_image(comp, fmt)
        meta["format"] = fmt
    name = f"doc{job.index:04d}.{_EXT[fmt]}"
    path = job.outdir / name
    if fmt == "pdf-digital":
        write_digital_pdf(path, comp.pages, fonts, title=content.title)
        meta.update({"dpi": None, "orientation": 0, "degradations": []})
    else:
        dpi = rng.choice(DPIS)
        blot = tweak.get("field") if job.problem == "low_confidence" else None
        images, info = _raster(comp, fonts, dpi, rng, nrng, geometric=job.problem != "tampered",
                               blot=blot, meta=meta, copy=copy, note=_note(job, copy),
                               sent=_sent(job))
        if page_kind == "blank":  # the scanner's own noise and the dust on its glass
            sigma, salt = round(rng.uniform(2, 6), 1), round(rng.uniform(0, 0.0008), 4)
            images = [noise(im, nrng, sigma, salt) for im in images]
            info["degradations"] = [*info["degradations"],
                                    {"kind": "noise", "sigma": sigma, "salt": salt}]
        meta["dpi"] = dpi
        meta.update(info)
        if job.problem == "tampered":
            images[0] = _forge(images[0], info["field_boxes_px"], content, fonts, tweak, rng,
                               meta, fields)
        if fmt == "pdf-scan":
            q = rng.randint(60, 88)
            when = rec.as_of if rec is not None else REFERENCE_DATE
            write_scanned_pdf(path, images, dpi, quality=q, scanned_at=dt.datetime(
                when.year, when.month, when.day, rng.randint(8, 17), rng.randint(0, 59)))
            meta["jpeg_quality"] = q
        else:
            meta.update(_save_image(path, fmt, images, dpi, rng))
    meta["upright_rotation"] = (360 - meta["orientation"]) % 360
    meta["print_format"] = print_format
    meta["bilingual"] = bilingual
    meta.update({
        "layout": comp.family, "layout_variant": comp.variant, "wrapped": comp.wrapped,
        "font": fonts.label.key, "fonts": fonts.keys(),
        "page_size": "A4", "landscape": comp.pages[0].landscape,
        "title": content.title, "mark": content.mark, "over_title": content.over_title,
        "date_styles": content.date_styles, "label_variants": content.label_variants,
        "printed": content.printed, "issuer_labelled": content.issuer_label is not None,
        "photo": content.photo, "qr": content.qr,
        "seal": [{"text": s.text, "bottom": s.bottom, "diameter_mm": round(s.diameter, 1),
                  "center_mm": [round(s.cx, 1), round(s.cy, 1)], "page": n}
                 for n, pg in enumerate(comp.pages, 1) for s in pg.seals if s.kind == "issuer"],
        **comp.meta,
    })
    if "last_validation_date" in fields and "field_pages" not in comp.meta:
        meta["field_pages"] = {"last_validation_date": 2 if meta.get("page2") ==
                               "validation_record" else 1}
    if job.problem:
        meta["problem"] = job.problem
    if rec is not None and not page_kind:
        meta.update({
            "as_of": rec.as_of.isoformat(), "issuer_level": rec.issuer_level,
            "person": rec.person.pid if rec.person else None,
            "institution": rec.institution.iid if rec.institution else None,
        })
    return {"file": name, "doc_type": doc_type, "fields": fields, "pages": len(comp.pages),
            "meta": meta}
