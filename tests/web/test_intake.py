"""Intake at the window, end to end through the real intake flow (Prefect test server, OCR):
upload an application, get the receipt (受理回执) with what was read and the one-time list of
what to supplement (一次性告知补正). Upload names never reach the file system."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mchverify.storage.models import Application, ApplicationDocument
from tests.conftest import Corpus, _shared_corpus
from tests.web.conftest import Web, sign_in


@pytest.fixture(scope="session")
def window_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return _shared_corpus(tmp_path_factory, "synth-flows", 3, 23)


def _form_token(web: Web, path: str) -> str:
    page = web.client.get(path)
    assert page.status_code == 200, page.text[:300]
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found
    return found.group(1)


def test_the_window_uploads_an_application_and_gets_its_receipt(
        web: Web, prefect_server: str, window_corpus: Corpus) -> None:
    folder, labels = window_corpus
    person = next(lab for lab in labels if lab["doc_type"] == "mch_assessment_certificate")
    sign_in(web.client, "window1")
    token = _form_token(web, "/intake")
    data = (folder / person["file"]).read_bytes()
    files = [("files", (person["file"], data, "image/jpeg"))]
    r = web.client.post("/intake", data={"kind": "personnel", "csrf_token": token},
                        files=files, follow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    receipt = web.client.get(r.headers["location"])
    assert receipt.status_code == 200
    text = receipt.text
    assert "受理回执" in text and "母婴保健技术考核合格证书" in text
    assert person["fields"]["name"] in text
    # R8: a person applying with the assessment certificate alone lacks two materials
    supplement = re.search(r'<ol class="supplement" id="supplement">(.*?)</ol>', text, re.DOTALL)
    assert supplement, "the one-time supplement list is on the receipt"
    items = re.findall(r"<li>(.*?)</li>", supplement.group(1))
    assert any("培训合格证书" in i for i in items)
    assert any("医师资格证书" in i for i in items)
    assert "承诺办结期限" in text and "法定办结期限" in text

    again = web.client.post("/intake", data={"kind": "personnel", "csrf_token": token},
                            files=files, follow_redirects=False)
    assert again.headers["location"] == r.headers["location"], "the same files: the same one"


def test_upload_names_with_paths_are_only_names(
        web: Web, prefect_server: str, window_corpus: Corpus, tmp_path: Path) -> None:
    folder, labels = window_corpus
    data = (folder / labels[0]["file"]).read_bytes()
    suffix = Path(labels[0]["file"]).suffix
    csrf = sign_in(web.client, "window1")
    names = [f"../../../../{tmp_path.name}-escaped{suffix}",
             f"..\\..\\windows\\system32\\evil{suffix}"]
    r = web.client.post("/api/applications", headers={"X-CSRF-Token": csrf},
                        data={"kind": "unspecified"},
                        files=[("files", (names[0], data, "image/jpeg")),
                               ("files", (names[1], data[:-1] + b"\0", "image/jpeg"))])
    assert r.status_code == 201, r.text
    receipt = r.json()
    assert [d["file"] for d in receipt["documents"]] == [f"{tmp_path.name}-escaped{suffix}",
                                                         f"evil{suffix}"]
    outside = [p for p in Path("/tmp").iterdir() if "escaped" in p.name or "evil" in p.name]
    assert not outside, "nothing was written outside the store"
    assert not list(web.tmp.parent.glob(f"*escaped{suffix}"))
    stored = [p for p in (web.tmp / "objects").rglob("*") if p.is_file()]
    assert stored and all(".." not in p.relative_to(web.tmp).parts for p in stored)
    assert not any("evil" in p.name or "escaped" in p.name for p in stored)
    with web.db.session() as s:
        names_kept = [m.filename for m in s.query(ApplicationDocument)]
        assert all("/" not in n and "\\" not in n for n in names_kept)
        assert s.query(Application).count() == 1
