"""The application in a real browser: Debian's Chromium driven by Playwright against
`mchverify serve` in a subprocess (the same command staff start), on a fresh database.

One story, each role in turn: the window uploads an application and gets the receipt; a
reviewer finds it in the queue, corrects a field, overrides a flag with a reason and decides;
the audit trail shows all three; the administrator adds an account but cannot decide.
Screenshots go to MCHVERIFY_SCREENSHOT_DIR when it is set (docs/screenshots: `make
screenshots`), else to the test's folder."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Corpus, _shared_corpus
from tests.storage.s3server import free_port
from tests.web.conftest import NAMES, PASSWORDS, ROLES

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
#: as the machine's own probe starts it: no sandbox (root), and no calls home (offline)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
MISREAD_NAME = "金燕恰"  # the registry's spelling differs by one character



def _mchverify() -> str:
    return str(Path(sys.executable).with_name("mchverify"))


@pytest.fixture(scope="module")
def browser_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return _shared_corpus(tmp_path_factory, "synth-flows", 3, 23)


@pytest.fixture(scope="module")
def server(prefect_server: str, browser_corpus: Corpus,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`mchverify serve` on a free port with three accounts and the corpus's registry, in
    which the holder's name is spelt one character differently."""
    root = tmp_path_factory.mktemp("serve")
    folder, _ = browser_corpus
    env = {**os.environ, "MCHVERIFY_DB_URL": f"sqlite:///{root / 'web.db'}",
           "MCHVERIFY_STORAGE_URL": str(root / "objects"),
           "MCHVERIFY_REPORT_DIR": str(root / "reports"), "PREFECT_API_URL": prefect_server,
           "MCHVERIFY_MAX_UPLOAD_MB": "2"}
    for user, role in ROLES.items():
        subprocess.run([_mchverify(), "user", "add", user, "--role", role, "--name",
                        NAMES[user], "--password-stdin"], input=PASSWORDS[user] + "\n",
                       env=env, text=True, check=True, capture_output=True)
    rows = list(csv.DictReader((folder / "registry.csv").open(encoding="utf-8")))
    for row in rows:
        if row["doc_type"] == "mch_assessment_certificate":
            row["name"] = MISREAD_NAME
    registry = root / "registry.csv"
    with registry.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    subprocess.run([_mchverify(), "registry", "import", str(registry)], env=env, check=True,
                   capture_output=True)
    port = free_port()
    log = (root / "serve.log").open("w")
    proc = subprocess.Popen([_mchverify(), "serve", "--port", str(port)], env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"{url}/login", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError((root / "serve.log").read_text()) from None
            time.sleep(0.3)
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = Path(os.environ.get("MCHVERIFY_SCREENSHOT_DIR") or tmp_path_factory.mktemp("shots"))
    out.mkdir(parents=True, exist_ok=True)
    return out


def _sign_in(page, url: str, user: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{url}/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORDS[user])
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def _sign_out(page) -> None:  # type: ignore[no-untyped-def]
    page.click("header .who button")
    page.wait_for_url("**/login?notice=signed_out")


def test_each_role_does_its_part_in_a_real_browser(server: str, browser_corpus: Corpus,
                                                    shots: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    assert shutil.which(CHROMIUM), "make setup installs Debian's chromium"
    folder, labels = browser_corpus
    files = [folder / lab["file"] for lab in labels
             if lab["doc_type"] in ("mch_assessment_certificate", "mch_practice_license")]
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 1000},
                                      locale="zh-CN", timezone_id="Asia/Shanghai")
        context.set_default_timeout(30_000)
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))  # a script failed
        expected_refusals = ("/queue", "/decision")  # the window's 403, the 409 below
        page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
                if r.status >= 400 and not r.url.endswith(expected_refusals) else None)

        # -- the window: upload an application, get the receipt -------------------------
        _sign_in(page, server, "window1")
        expect(page).to_have_url(f"{server}/intake")
        page.check("input[name=kind][value=institution]")
        # a file dropped on the zone joins the form's files (the drop handler in app.js)
        dropped = page.evaluate_handle("""() => { const dt = new DataTransfer();
            dt.items.add(new File(["%PDF-1.4"], "拖入的文件.pdf", {type: "application/pdf"}));
            return dt; }""")
        page.dispatch_event("#drop", "drop", {"dataTransfer": dropped})
        expect(page.locator("#chosen li")).to_have_text([re.compile("^拖入的文件.pdf")])
        assert page.evaluate("document.getElementById('files').files.length") == 1
        # a file over the limit is named before anything is sent
        page.set_input_files("#files", files=[{"name": "过大的扫描件.pdf",
                                               "mimeType": "application/pdf",
                                               "buffer": b"%PDF-1.4" + b"0" * 3 * 2**20}])
        expect(page.locator("#too-big")).to_contain_text("“过大的扫描件.pdf”超过 2 MB 的上限")
        expect(page.locator("#submit")).to_be_disabled()
        page.set_input_files("#files", [str(f) for f in files])
        expect(page.locator("#chosen li")).to_have_count(len(files))
        expect(page.locator("#too-big")).to_be_hidden()
        expect(page.locator("#submit")).to_be_enabled()
        page.screenshot(path=str(shots / "intake.png"), full_page=True)
        page.click("#submit")
        page.wait_for_url("**/receipt", timeout=180_000)
        expect(page.locator("h1")).to_have_text("受理回执")
        expect(page.locator("#supplement")).to_contain_text("医疗机构执业许可证")
        expect(page.locator("main")).to_contain_text("母婴保健技术考核合格证书")
        page.screenshot(path=str(shots / "receipt.png"), full_page=True)
        receipt_url = page.url
        response = page.goto(f"{server}/queue")
        assert response is not None and response.status == 403
        expect(page.locator("main")).to_contain_text("无权")
        page.goto(receipt_url)
        _sign_out(page)

        # -- a reviewer: the queue, the review page ----------------------------------------
        _sign_in(page, server, "reviewer1")
        expect(page).to_have_url(f"{server}/queue")
        row = page.locator("#queue tbody tr").first
        expect(row).to_contain_text("与登记库不符")
        # the holder's ID number, masked: region and last four only
        expect(row.locator("td").nth(3)).to_have_text(re.compile(r"^\d{6}\*{8}\d{3}[\dX]$"))
        page.select_option("select[name=flag]", "REGISTRY_MISMATCH")
        page.click("form.filters button")
        expect(page.locator("#queue tbody tr")).to_have_count(1)
        page.screenshot(path=str(shots / "queue.png"), full_page=True)
        row.locator("a").first.click()
        page.wait_for_load_state("networkidle")
        expect(page.locator("h1")).to_contain_text("审核")
        image = page.locator(".viewer img").first
        expect(image).to_be_visible()
        assert page.evaluate("(img) => img.naturalWidth", image.element_handle()) > 500
        assert page.locator("rect.box").count() >= 8, "the fields' boxes are drawn"
        page.locator(".viewer [data-zoom='1']").first.click()
        expect(page.locator(".zoom-level").first).to_have_text("125%")

        # correct a field: with the original at hand, the reviewer writes the unit's full
        # name (its branch); the registry holds the unit without it, so the check flags it
        doc = page.locator("section.doc", has_text="母婴保健技术考核合格证书").first
        work_unit = doc.locator("input[name=field_work_unit]")
        corrected = work_unit.input_value() + "东院区"
        work_unit.fill(corrected)
        doc.locator("form.fields button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        expect(page.locator(".notice")).to_have_text("字段已更正，文书已重新核验")
        doc = page.locator("section.doc", has_text="母婴保健技术考核合格证书").first
        expect(doc.locator("input[name=field_work_unit]")).to_have_value(corrected)
        expect(doc.locator(".fixed-note")).to_contain_text("已由 reviewer1 更正")

        # override the registry mismatch with a reason and a comment
        flag = doc.locator(".flag", has_text="与登记库不符").first
        expect(flag).to_contain_text(MISREAD_NAME)
        expect(flag.locator("img.crop")).to_be_visible()
        expect(page.locator(".flag", has_text="材料不全").locator(".rule")).to_contain_text(
            "依据：002 第十条")  # R9, with its citation
        flag.locator("summary").click()
        flag.locator("select[name=reason]").select_option("registry_outdated")
        flag.locator("textarea[name=comment]").fill("已电话向发证机关核实，登记库姓名录入有误")
        flag.locator("button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        expect(page.locator(".notice")).to_have_text("提示已核销")
        doc = page.locator("section.doc", has_text="母婴保健技术考核合格证书").first
        expect(doc.locator(".flag.overridden").first).to_contain_text("登记库信息未及时更新")

        # the corrected work unit is not the registry's: "通过" is refused while that flag
        # stands (said beside the form, and again on the click); the reviewer rejects
        expect(page.locator("#blocking")).to_contain_text("未核销")
        page.check("#decision input[value=accept]")
        page.fill("#decision textarea[name=comment]", "原件已核验，同意")
        page.click("#decision button[type=submit]")
        page.wait_for_load_state("networkidle")
        expect(page.locator("#decision .error")).to_contain_text("与登记库不符")
        page.check("#decision input[value=reject]")
        page.fill("#decision textarea[name=comment]",
                  "工作单位与登记库不符：请申请人到原发证机关办理变更后重新申请")
        page.click("#decision button[type=submit]")
        page.wait_for_load_state("networkidle")
        expect(page.locator(".notice")).to_have_text("审核决定已保存")
        expect(page.locator("#decision")).to_contain_text("当前决定：不予通过")
        audit = page.locator("#audit tbody")
        expect(audit).to_contain_text("更正字段")
        expect(audit).to_contain_text(corrected)
        expect(audit).to_contain_text("核销提示")
        expect(audit).to_contain_text("登记库信息未及时更新")
        expect(audit).to_contain_text("作出审核决定")
        expect(audit).to_contain_text("reviewer1")
        page.evaluate("document.querySelector('section.doc').scrollIntoView()")
        page.screenshot(path=str(shots / "review.png"), full_page=False)
        page.screenshot(path=str(shots / "review-full.png"), full_page=True)
        page.goto(f"{server}/reports")
        expect(page.locator("svg.chart").first).to_be_visible()
        page.screenshot(path=str(shots / "reports.png"), full_page=True)
        _sign_out(page)

        # -- the administrator: accounts and the whole log, but no decisions ---------------
        _sign_in(page, server, "admin1")
        expect(page).to_have_url(f"{server}/admin/users")
        page.fill("input[name=username]", "window2")
        page.fill("input[name=display_name]", "赵窗口")
        page.select_option("select[name=role]", "intake")
        page.fill("input[name=password]", "Xinzhanghu-2026")
        page.click("form.stack button[type=submit]")
        expect(page.locator(".notice")).to_have_text("用户已添加")
        expect(page.locator("#users")).to_contain_text("window2")
        page.goto(f"{server}/admin/audit")
        expect(page.locator("main")).to_contain_text("核销提示")
        page.goto(f"{server}/queue?status=all")
        page.locator("#queue tbody tr a").first.click()
        expect(page.locator("#decision")).to_contain_text("只能查看")
        assert page.locator("#decision form").count() == 0
        browser.close()
    assert not errors, errors
