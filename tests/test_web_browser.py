"""A whole quarter through the clerk's desk in a real browser: Debian's Chromium driven by
Playwright (the system browser's executable; ``playwright install`` is never run).

Open the board, split and download (the zip and one workbook), preview an e-mail, drop the
returns (on time, one late in a saved e-mail, one corrupt), see the board change, open a unit,
download the consolidated workbook and check what it holds. Screenshots of each page go to
``$SHEETTOOLS_SCREENSHOTS`` (default: the test's temporary folder)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import docx
import openpyxl
import pytest

from conftest import require_system_program
from test_web import TZ, Clock, eml_with, fill_workbook

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ON_TIME = ["VHTT", "QLDT", "KT", "NV", "GDDT"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(master: Path, clock: Clock) -> Iterator[str]:
    """The desk for ``master`` served by uvicorn on a free port; yields its address."""
    import uvicorn

    from sheettools.web.app import create_app

    port = _free_port()
    app = create_app(master, clock=clock)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the app did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture
def served(seed_master):
    clock = Clock(dt.datetime(2023, 6, 10, 9, 0, tzinfo=TZ))
    with serving(seed_master, clock) as url:
        yield seed_master, clock, url


@pytest.fixture
def browser():
    exe = require_system_program("chromium", "/usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def test_a_whole_quarter_through_the_pages(served, browser, tmp_path):
    master, clock, url = served
    shots = Path(os.environ.get("SHEETTOOLS_SCREENSHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    page.on("dialog", lambda d: d.accept())  # hx-confirm
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    def shot(name: str, full: bool = False) -> None:
        page.screenshot(path=str(shots / f"{name}.png"), full_page=full)
        # nothing cut at the clerk's 1366 px: no page wider than the window
        wide = page.evaluate("document.documentElement.scrollWidth")
        over = page.evaluate(
            """() => { const m = document.querySelector('main'), r = m.getBoundingClientRect();
            const right = r.right - parseFloat(getComputedStyle(m).paddingRight);
            return [...m.querySelectorAll('table, section, form, p, h1, h2')]
              .filter(e => e.getBoundingClientRect().right > right + 1)
              .map(e => e.tagName + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right)); }"""
        )
        assert wide <= 1366 and over == [], (name, wide, over)

    def go(selector: str, url: Any) -> None:
        """Click a link and wait for the page it opens (reading it sooner reads nothing)."""
        page.click(selector)
        page.wait_for_url(url)
        page.wait_for_load_state()

    def on_the_board() -> None:
        """The board's figures on the page (a board still computing says "đang tải" and
        reloads itself when they are ready)."""
        page.wait_for_selector("section.cards", timeout=60000)

    def card(state: str) -> int:
        return int(page.locator(f'.card[data-state-filter="{state}"] b').inner_text())

    # 1. the board opens on the quarter of "today": nobody has sent anything yet
    page.goto(url + "/")
    on_the_board()
    assert page.locator("h1").inner_text().startswith("Quý II/2023")
    assert card("") == 50 and card("missing") == 50 and card("on_time") == 0
    shot("1-board-empty")

    # 2. split, download everything and one workbook, preview one e-mail
    go("nav >> text=Gửi đi", "**/send**")
    page.click("#split-btn")
    page.wait_for_selector("text=Đã tách 50 tệp", timeout=60000)
    shot("2-send-split")
    page.wait_for_selector("#outbox-table")  # the list of workbooks appears by itself
    with page.expect_download() as dl:
        page.click("#send-result >> text=Tải tất cả (.zip)")
    zpath = tmp_path / "gui-di.zip"
    dl.value.save_as(zpath)
    with zipfile.ZipFile(zpath) as zf:
        books = {n: zf.read(n) for n in zf.namelist() if n.endswith(".xlsx")}
    assert len(books) == 50 and "2023-Q2_VHTT.xlsx" in books
    with page.expect_download() as dl:
        page.click("text=2023-Q2_VHTT.xlsx")
    one = tmp_path / "one.xlsx"
    dl.value.save_as(one)
    assert one.read_bytes() == books["2023-Q2_VHTT.xlsx"]
    page.locator("#outbox-table tr", has_text="2023-Q2_TP.xlsx").locator("button").click()
    page.wait_for_selector("details.mail[open]")
    assert "tp@longbien.example" in page.locator("details.mail").inner_text()
    shot("3-send-preview")

    # 3. the units fill their workbooks (from the zip the clerk downloaded)
    returns = tmp_path / "returns"
    returns.mkdir()
    for unit in [*ON_TIME, "TP"]:
        src = returns / f"blank_{unit}.xlsx"
        src.write_bytes(books[f"2023-Q2_{unit}.xlsx"])
        fill_workbook(src, returns / f"2023-Q2_{unit}.xlsx", f"Kết quả của {unit}")
        src.unlink()
    late = returns / "Bao cao quy II - Phong Tu phap.eml"
    late.write_bytes(
        eml_with(returns / "2023-Q2_TP.xlsx", dt.datetime(2023, 6, 18, 16, 30, tzinfo=TZ))
    )
    (returns / "2023-Q2_TP.xlsx").unlink()
    broken = returns / "2023-Q2_TNMT.xlsx"
    broken.write_bytes(books["2023-Q2_TNMT.xlsx"][:2500])  # cut off in transit

    # 4. drop them on the page: each file's outcome in one line, the broken one with what to do
    clock.t = dt.datetime(2023, 6, 14, 10, 0, tzinfo=TZ)
    go("nav >> text=Nhận báo cáo", "**/receive**")
    page.set_input_files("#drop-input", sorted(str(p) for p in returns.iterdir()))
    assert page.locator("#drop-files").inner_text().startswith("7:")
    shot("4-receive-chosen")
    page.click("#drop-send")
    page.wait_for_selector("ul.outcomes", timeout=90000)
    shot("5-receive-result", full=True)
    assert page.locator("li.o-merged").count() == 6
    bad = page.locator("li.o-rejected")
    assert bad.count() == 1 and "2023-Q2_TNMT.xlsx" in bad.inner_text()
    assert "gửi lại" in bad.inner_text()
    assert page.locator("#drop-files").inner_text() == ""  # taken: not offered to send again

    # 5. the board has changed
    clock.t = dt.datetime(2023, 6, 20, 9, 0, tzinfo=TZ)
    go("text=Xem bảng kỳ báo cáo", lambda u: urlparse(u).path == "/")
    on_the_board()
    assert card("on_time") == 5 and card("late") == 1 and card("unreadable") == 1
    assert card("missing") == 43
    shot("6-board-after")
    page.click('.chips button[data-state="late"]')
    visible = page.locator("#units-table tbody tr:visible")
    assert visible.count() == 1 and "TP" in visible.inner_text() and "3" in visible.inner_text()
    page.click('.chips button[data-state=""]')
    page.fill('input.filter[data-target="units-table"]', "tư pháp")
    assert page.locator("#units-table tbody tr:visible").count() == 1
    page.fill('input.filter[data-target="units-table"]', "")
    page.click("#units-table th >> text=Muộn (ngày)")
    page.click("#units-table th >> text=Muộn (ngày)")  # descending: the late unit first
    assert page.locator("#units-table tbody tr").first.get_attribute("data-state") == "late"
    # a page that cannot be shown (a unit that does not exist): the way back, not itself
    page.evaluate("location.href = '/unit/NOPE?period=2023-Q2'")
    page.wait_for_selector(".banner.error")
    assert "Không có đơn vị: NOPE" in page.locator(".banner.error").inner_text()
    shot("6b-error")
    go("text=Quay lại trang trước", lambda u: urlparse(u).path == "/")
    on_the_board()
    page.click("#units-table >> text=Phòng Văn hóa và Thông tin")
    assert "Kết quả của VHTT" in page.locator("table.reports").inner_text()
    shot("7-unit")

    # 6. the consolidated workbook, downloaded and read
    go("nav >> text=Báo cáo quý", "**/report**")
    page.click("#summary-btn")
    page.wait_for_selector("#summary-download", timeout=90000)
    shot("8-report")
    with page.expect_download() as dl:
        page.click("#summary-download")
    out = tmp_path / "tonghop.xlsx"
    dl.value.save_as(out)
    wb = openpyxl.load_workbook(out)
    text = "\n".join(
        str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v is not None
    )
    for unit in ON_TIME:
        assert f"Kết quả của {unit}" in text
    assert "Kết quả của TP" in text  # the late return counts too
    page.click("#word-btn")  # and the Word report
    page.wait_for_selector("#word-download", timeout=90000)
    with page.expect_download() as dl:
        page.click("#word-download")
    assert dl.value.suggested_filename == "BAOCAO_2023-Q2.docx"
    word = tmp_path / "baocao.docx"
    dl.value.save_as(word)
    doc = docx.Document(str(word))
    words = "\n".join(
        [p.text for p in doc.paragraphs]
        + [c.text for t in doc.tables for row in t.rows for c in row.cells]
    )
    assert "Quý II" in words and "BÁO CÁO" in words.upper()
    assert "Phòng Tư pháp" in words or "TP" in words  # the late unit is named
    assert any(f"Kết quả của {u}" in words for u in ON_TIME)  # what the units reported
    shot("8b-report-word")

    # 7. the other pages, and the English switch
    go("nav >> text=Kế hoạch", "**/plan**")
    assert "Mọi tên đơn vị đều đã nhận ra" in page.content()
    shot("9-plan")
    page.locator("#units").scroll_into_view_if_needed()
    shot("9b-plan-units", full=False)
    # merging a unit that has reported is refused on the page, with its reason
    page.click("details.merge-units summary")
    page.select_option('details.merge-units select[name="code"]', "VHTT")
    page.select_option('details.merge-units select[name="into"]', "QLDT")
    page.click("details.merge-units button")
    page.wait_for_selector("#merge-result .banner")
    assert "không gộp được: VHTT" in page.locator("#merge-result").inner_text()
    page.locator("details.merge-units").scroll_into_view_if_needed()
    shot("9c-plan-merge-refused", full=False)
    go("nav >> text=Nhật ký", "**/log**")
    assert page.locator("#log-table").inner_text().count("merge") >= 1
    shot("10-log")
    page.click("header >> text=EN")
    page.wait_for_selector('html[lang="en"]')
    assert "Period board" in page.locator("nav").inner_text()
    go("nav >> text=Period board", lambda u: urlparse(u).path == "/")
    on_the_board()
    shot("11-board-english")
    unreadable = page.locator('#units-table tr[data-state="unreadable"]').inner_text()
    assert "The file is damaged or truncated" in unreadable  # in the page's language
    assert errors == []


def test_dropping_files_onto_the_zone(served, browser, tmp_path):
    """The drop zone itself: files dropped (a drag-and-drop event with files) are taken."""
    master, clock, url = served
    page = browser.new_page()
    page.goto(url + "/receive")
    page.evaluate(
        """() => {
        const dt = new DataTransfer();
        dt.items.add(new File(["a,b\\n1,2"], "bang-tinh.csv", {type: "text/csv"}));
        dt.items.add(new File(["x"], "thu.eml", {type: "message/rfc822"}));
        document.getElementById("drop").dispatchEvent(new DragEvent("drop", {dataTransfer: dt}));
    }"""
    )
    assert page.locator("#drop-files").inner_text() == "2: bang-tinh.csv, thu.eml"
    page.click("#drop-send")
    page.wait_for_selector("ul.outcomes", timeout=60000)
    assert page.locator("li.o-rejected").count() == 1  # a CSV with no report in it
    assert "thu.eml" in page.locator("#receive-result").inner_text()


def test_a_new_office_makes_its_master_and_letterhead_in_the_browser(browser, tmp_path, seed_path):
    """No master yet: the first page makes it from the plan; the plan page then says the
    letterhead still has a placeholder, and the clerk fills it in there."""
    from sheettools.store import load_master

    master = tmp_path / "so-chinh.xlsx"
    with serving(master, Clock(dt.datetime(2023, 6, 10, 9, 0, tzinfo=TZ))) as url:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url + "/")
        assert page.url.endswith("/setup") and page.locator("nav a").count() == 0
        page.set_input_files('input[name="plan"]', str(seed_path))
        page.fill('input[name="year"]', "2023")
        page.fill('input[name="doc_governing_body"]', "-")
        page.fill('input[name="doc_issuing_body"]', "ỦY BAN MTTQ VIỆT NAM QUẬN LONG BIÊN")
        page.click("text=Tạo sổ chính >> nth=-1")
        page.wait_for_selector("text=Đã tạo sổ chính", timeout=120000)
        page.click("text=Mở trang Kế hoạch để rà soát")
        page.wait_for_url("**/plan")
        letterhead = page.locator(".banner.warn-inline", has_text="Tiêu đề văn bản")
        banner = letterhead.inner_text()
        assert "Tiêu đề văn bản còn là mẫu" in banner and "Địa danh" in banner
        page.fill('input[name="doc_place"]', "Long Biên")
        page.fill('input[name="doc_signer_title"]', "CHỦ TỊCH")
        page.click("text=Lưu tiêu đề")
        page.wait_for_selector("text=Đã lưu tiêu đề văn bản", timeout=60000)
        page.reload()
        assert letterhead.count() == 0
        # the units proposed from the plan have no address yet: the page says so
        assert page.locator(".banner.warn-inline", has_text="chưa có địa chỉ thư").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366
        assert errors == []
        m = load_master(master)
        assert m.settings["doc_place"] == "Long Biên" and len(m.tasks) > 100
