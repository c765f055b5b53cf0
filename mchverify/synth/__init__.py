"""Synthetic corpus of scanned and digital MCH licensing documents with their ground truth.

`generate_corpus(outdir, count, seed)` is the entry point (the CLI's `mchverify synth`).
The modules split the work: `records` (what the authorities issued, consistent across the
corpus), `content` (what is printed and with which label wording), `layouts` (where, on a
mm `page`), `render` / `pdf` (PIL raster and reportlab vector backends), `seal`, `decor`,
`degrade` (what scanners and phones do), `document` (one file), `corpus` (orchestration,
labels.json, registry.csv).

labels.json is a list, one object per file::

    {"file": "doc0003.jpg", "doc_type": "mch_assessment_certificate",
     "fields": {contract field -> ISO date | code | string | list}, "pages": 1,
     "meta": {...}}

`fields` holds exactly the contract fields printed on the document (optional ones only when
printed; `{}` for `other`). `meta` keys:

- format: jpg | png | tiff | pdf-scan | pdf-digital; dpi (None for pdf-digital);
  jpeg_quality / tiff_compression where relevant; page2: back_side | validation_record.
- layout: table | colon | spaced | booklet | prose; layout_variant (table-4col, colon-ragged,
  spaced-2col, booklet-spaced, form…); landscape; page_size; wrapped (a value was wrapped).
- font (body face key), fonts {title, label, value, seal}.
- orientation: clockwise degrees the upright page was turned in the file (0/90/180/270);
  upright_rotation: clockwise degrees that make it upright again (PageInfo.rotation).
- degradations: the applied steps in order, each {"kind": tint | rotate | phone_photo | blur
  | noise | jpeg | orientation, …parameters}.
- date_styles {field: cn_numeral | cn | dot | iso}; label_variants {field: printed label,
  None when printed without one}; printed {field: the printed value string}.
- title, over_title, mark, issuer_labelled, photo, qr (payload or None), seal [{text,
  bottom, diameter_mm, center_mm, page}], paper, border, background.
- field_positions_mm {field: [x, baseline y, width]} on the upright page;
  field_boxes_px {field: [x0, y0, x1, y1]} on the upright page before degradation.
- as_of (a date on which the document passes every time check), issuer_level, person and
  institution ids (shared across documents: bundles can be assembled from them);
  field_pages {field: page} where a field is not on page 1; other_kind for `other`.
"""

from mchverify.synth.corpus import generate_corpus, plan_types, registry_columns

__all__ = ["generate_corpus", "plan_types", "registry_columns"]
