"""The catalogue at the service window: each file is either refused at once with its name
and a reason (empty, not an accepted format, extension not matching the bytes), or accepted
for reading — and then the reader names what is wrong with it (the receipt's 补正 list).
No OCR here: what is readable is covered by test_catalogue."""

from __future__ import annotations

import pytest

from mchverify.errors import DocumentLoadError
from mchverify.extractors.loaders import load_document
from mchverify.settings import Settings
from mchverify.web.services import Problem, UploadedFile, clean_filename, validate_uploads
from tests.bad_inputs.make_catalogue import ENTRIES, OK, Entry

#: refused by the window before anything is stored: nothing there to read
AT_THE_WINDOW = {"empty", "text_named_jpg", "gif_image", "zip_traversal", "png_named_pdf"}


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.cls for e in ENTRIES])
def test_window_refuses_or_the_reader_names_the_reason(entry: Entry) -> None:
    name = entry.name.decode("utf-8", "replace")  # a browser sends names as Unicode
    data = entry.make()
    upload = UploadedFile(name, data)
    if entry.cls in AT_THE_WINDOW:
        with pytest.raises(Problem) as refused:
            validate_uploads([upload], Settings())
        assert refused.value.status in (413, 415, 422)
        assert clean_filename(name) in refused.value.message
        return
    assert validate_uploads([upload], Settings()) == [UploadedFile(clean_filename(name), data)]
    if entry.expect == OK:
        assert load_document(data, name).pages
        return
    with pytest.raises(DocumentLoadError) as unread:
        load_document(data, name)
    assert unread.value.code == entry.expect and unread.value.reason


def test_traversal_in_a_zip_member_never_reaches_the_disk() -> None:
    """Zip upload is not offered: the archive is refused whole, never opened."""
    entry = next(e for e in ENTRIES if e.cls == "zip_traversal")
    with pytest.raises(Problem):
        validate_uploads([UploadedFile("../../材料.zip", entry.make())], Settings())
