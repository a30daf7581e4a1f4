"""The clerk's desk (``sheettools app``) through HTTP: pages, actions, and its protections.

The whole quarter in a real browser is ``test_web_browser.py``; here the app is driven with
Starlette's test client (fast), and what the actions did is read back through the library."""

from __future__ import annotations

import datetime as dt
import email.message
import re
import sys
import threading
import time
from pathlib import Path

import openpyxl
import pytest
from starlette.testclient import TestClient

from sheettools import desk
from sheettools.errors import InputError
from sheettools.model import Master, Period, Report, Unit
from sheettools.store import load_master, office_lock_files, save_master
from sheettools.web import app as webapp
from sheettools.web import run_app

TZ = dt.timezone(dt.timedelta(hours=7))
BASE = "http://127.0.0.1:8765"


class Clock:
    def __init__(self, t: dt.datetime) -> None:
        self.t = t

    def __call__(self) -> dt.datetime:
        return self.t


def client_for(master: Path, clock: Clock, **kw) -> tuple[TestClient, str]:
    app = webapp.create_app(master, clock=clock, **kw)
    c = TestClient(app, base_url=BASE)
    r = c.get("/login" if kw.get("password") else "/")
    token = re.search(r'(?:X-CSRF-Token": "|name="csrf" value=")([^"]+)', r.text)
    return c, token.group(1) if token else ""


def wait_job(c: TestClient, first: str, timeout: float = 60) -> str:
    """Follow a job fragment until it is finished; return the final fragment."""
    text = first
    deadline = time.monotonic() + timeout
    while "every 400ms" in text:
        assert time.monotonic() < deadline, "the action did not finish"
        time.sleep(0.1)
        job = re.search(r'hx-get="/jobs/(\w+)"', text).group(1)
        text = c.get(f"/jobs/{job}").text
    return text


def post(c: TestClient, csrf: str, url: str, **kw):
    return c.post(url, headers={"X-CSRF-Token": csrf, **kw.pop("headers", {})}, **kw)


def fill_workbook(src: Path, dst: Path, result: str) -> list[str]:
    """Type a report into every task row of a unit workbook, as a person would in Excel."""
    wb = openpyxl.load_workbook(src)
    keys = []
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(min_row=1, max_row=6))
        for head in rows:
            ids = {str(c.value)[1:]: c.column for c in head if str(c.value or "").startswith("#")}
            if "key" not in ids:
                continue
            for row in ws.iter_rows(min_row=head[0].row + 1):
                key = row[ids["key"] - 1].value
                if not key:
                    continue
                ws.cell(row[0].row, ids["status"], "Hoàn thành")
                ws.cell(row[0].row, ids["progress"], 100)
                ws.cell(row[0].row, ids["result"], f"{result} ({key})")
                keys.append(str(key))
            break
    wb.save(dst)
    return keys


def eml_with(attachment: Path, sent: dt.datetime) -> bytes:
    msg = email.message.EmailMessage()
    msg["From"] = "Phòng Tư pháp <tp@longbien.example>"
    msg["To"] = "mttq@longbien.example"
    msg["Subject"] = "Báo cáo quý II"
    msg["Date"] = email.utils.format_datetime(sent)
    msg.set_content("Kính gửi, đơn vị gửi báo cáo.")
    msg.add_attachment(
        attachment.read_bytes(),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=attachment.name,
    )
    return msg.as_bytes()


@pytest.fixture(autouse=True)
def _patient_first_board(monkeypatch):
    """A loaded test machine may take longer than the page waits for the first board: the
    page would then say "loading" (``test_the_first_board_*`` test that on purpose)."""
    monkeypatch.setattr(webapp, "BOARD_FIRST_WAIT_S", 60)


@pytest.fixture
def desk_env(seed_master):
    clock = Clock(dt.datetime(2023, 6, 10, 9, 0, tzinfo=TZ))
    c, csrf = client_for(seed_master, clock)
    return seed_master, clock, c, csrf


# --- pages -----------------------------------------------------------------------------------


def test_every_page_answers_in_vietnamese_then_english(desk_env):
    master, _clock, c, _csrf = desk_env
    pages = ["/", "/receive", "/send", "/plan", "/report", "/log", "/unit/VHTT", "/task/II.1.1"]
    for p in pages:
        r = c.get(p)
        assert r.status_code == 200, (p, r.text[:500])
        assert 'lang="vi"' in r.text and "Kỳ báo cáo" in r.text and "Nhật ký" in r.text
    board = c.get("/").text
    assert "Quý II/2023" in board and "15/06/2023" in board  # the quarter holding "today"
    assert c.get("/static/htmx.min.js").status_code == 200  # shipped, no CDN
    assert "https://" not in board and "http://" not in board.replace(BASE, "")
    r = c.get("/lang/en?next=/plan", follow_redirects=True)
    assert r.url.path == "/plan" and 'lang="en"' in r.text and "Import a new plan" in r.text
    board = c.get("/").text
    assert "Period board" in board
    assert "<h1>Q2 2023" in board and "Quý II/2023" not in board  # the period's name too
    assert c.get("/lang/en?next=//evil.example/").headers.get("location", "/") == "/"


def test_the_start_page_opens_on_the_period_of_today_or_the_latest_with_returns():
    from sheettools.periods import default_periods

    m = Master(periods=default_periods(2023))
    assert desk.default_period(m, dt.date(2023, 8, 1)) == "2023-Q3"
    assert desk.default_period(m, dt.date(2023, 12, 31)) == "2023-Q4"
    assert desk.default_period(m, dt.date(2024, 2, 1)) == "2023-Q1"  # nothing returned yet
    m.reports.append(Report("2023-Q2", "I.1", "VHTT"))
    assert desk.default_period(m, dt.date(2024, 2, 1)) == "2023-Q2"
    m.periods.append(Period("2023-Y", "Năm 2023", "2023-01-01", "2023-12-31", "2023-12-15"))
    m.reports.append(Report("2023-Y", "I.1", "VHTT"))
    assert desk.default_period(m, dt.date(2022, 5, 1)) == "2023-Y"


def test_the_period_picker_and_unknown_things_give_one_line(desk_env):
    _m, _clock, c, _csrf = desk_env
    assert "Quý III/2023" in c.get("/?period=Quý III/2023").text.split("<main>")[1]
    r = c.get("/unit/NOPE")
    assert r.status_code == 400 and "Không có đơn vị: NOPE" in r.text
    assert "Traceback" not in r.text


def test_the_error_page_leads_back_or_to_the_start_not_to_itself(desk_env, monkeypatch):
    master, clock, c, _csrf = desk_env
    came_from = f"{BASE}/task/II.1.1?period=2023-Q2"
    r = c.get("/unit/NOPE?period=2023-Q2", headers={"Referer": came_from})
    assert r.status_code == 400 and "Không có đơn vị: NOPE" in r.text
    main = r.text.split("<main>")[1]
    links = re.findall(r'<a [^>]*href="([^"]+)"[^>]*>([^<]+)</a>', main)
    assert links == [("/task/II.1.1?period=2023-Q2", "← Quay lại trang trước"),
                     ("/", "Về trang Kỳ báo cáo")]  # fmt: skip
    for other in ("http://attacker.example/x", f"{BASE}/unit/NOPE?period=2023-Q2", ""):
        main = c.get("/unit/NOPE?period=2023-Q2", headers={"Referer": other}).text
        links = re.findall(r'<a [^>]*href="([^"]+)"', main.split("<main>")[1])
        assert links == ["/"], other

    def broken(*a, **kw):
        raise InputError("Sổ chính không có kỳ báo cáo nào", hint="Kiểm tra trang tính periods")

    monkeypatch.setattr(desk, "board", broken)  # the start page itself fails: what to fix
    c = TestClient(webapp.create_app(master, clock=Clock(clock.t + dt.timedelta(days=1))), base_url=BASE)  # fmt: skip
    r = c.get("/", headers={"Referer": f"{BASE}/log"})
    main = r.text.split("<main>")[1]
    assert r.status_code == 400 and "Kiểm tra trang tính periods" in main
    assert str(master) in main and "master.prev.xlsx" in main and "Thử lại" in main
    links = re.findall(r'<a [^>]*href="([^"]+)"[^>]*>([^<]+)</a>', main)
    assert links == [("/", "Thử lại"), ("/log", "Quay lại trang trước")]


def test_a_master_open_in_excel_is_reported_on_the_page(desk_env):
    master, _clock, c, csrf = desk_env
    assert "đang mở trong Excel" not in c.get("/").text
    owner = master.with_name("~$" + master.name)
    owner.write_bytes(b"\x05clerk")
    assert office_lock_files(master)
    assert "Sổ chính đang mở trong Excel" in c.get("/").text
    r = post(c, csrf, "/plan/map", data={"fragment": "Phòng X", "unit": "VHTT"})
    assert "đang mở trong Excel" in wait_job(c, r.text)  # the write is refused, in one line


# --- protections -----------------------------------------------------------------------------


def test_posts_need_the_csrf_token_and_a_same_origin(desk_env):
    _m, _clock, c, csrf = desk_env
    assert c.post("/send/split", data={"period": "2023-Q2"}).status_code == 403
    r = post(c, "wrong", "/send/split", data={"period": "2023-Q2"})
    assert r.status_code == 403
    r = post(c, csrf, "/send/split", data={"period": "2023-Q2"},
             headers={"Origin": "http://evil.example"})  # fmt: skip
    assert r.status_code == 403
    r = c.post("/send/split", data={"period": "2023-Q2", "csrf": csrf})  # a plain form
    assert r.status_code == 200
    wait_job(c, r.text)


def test_only_the_apps_own_host_names_are_served(seed_master):
    app = webapp.create_app(seed_master)
    assert TestClient(app, base_url="http://127.0.0.1:8765").get("/").status_code == 200
    assert TestClient(app, base_url="http://localhost:8765").get("/").status_code == 200
    # DNS rebinding: a page of another site resolved to 127.0.0.1 is refused
    assert TestClient(app, base_url="http://attacker.example").get("/").status_code == 400


def test_a_password_guards_every_page_when_set(seed_master):
    c, csrf = client_for(seed_master, Clock(dt.datetime(2023, 6, 10, tzinfo=TZ)), password="bí mật")
    r = c.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert c.get("/send/zip?period=2023-Q2", follow_redirects=False).status_code == 303
    r = c.post("/login", data={"password": "sai", "csrf": csrf})
    assert r.status_code == 401 and "Sai mật khẩu" in r.text
    r = c.post("/login", data={"password": "bí mật", "csrf": "other"})
    assert r.status_code == 401
    r = c.post("/login", data={"password": "bí mật", "csrf": csrf}, follow_redirects=True)
    assert r.status_code == 200 and "Quý II/2023" in r.text


def test_the_office_network_needs_a_password(seed_master):
    with pytest.raises(InputError, match="mật khẩu"):
        run_app(seed_master, host="0.0.0.0", open_browser=False)
    with pytest.raises(InputError, match="mật khẩu"):
        run_app(seed_master, host="192.168.1.20", open_browser=False)


def test_starting_refuses_a_broken_master_and_loads_a_known_one_after_serving(
    seed_master, monkeypatch
):
    """``sheettools app`` loads the master before serving (a master that lost a sheet is
    refused in one line) and hands it to the app; on content it showed before (the board it
    kept), it serves at once and loads the master meanwhile."""
    import uvicorn

    served: list = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append(app))
    loads: list[int] = []
    real_get = desk.MasterCache.get
    monkeypatch.setattr(desk.MasterCache, "get", lambda self: loads.append(1) or real_get(self))
    run_app(seed_master, port=0, open_browser=False, echo=lambda *_: None)
    assert loads == [1] and served[0].state.desk.cache._master is not None
    assert "Quý II/2023" in TestClient(served[0], base_url=BASE).get("/").text  # (kept now)
    run_app(seed_master, port=0, open_browser=False, echo=lambda *_: None)
    assert loads == [1] and served[1].state.desk.cache._master is None
    wb = openpyxl.load_workbook(seed_master)
    del wb["units"]
    wb.save(seed_master)
    with pytest.raises(InputError, match="units"):
        run_app(seed_master, port=0, open_browser=False, echo=lambda *_: None)
    assert len(served) == 2


def test_starting_it_again_opens_the_running_desk(seed_master, monkeypatch):
    """The launcher double-clicked while the desk runs: the browser opens on it; a port held
    by something else is still an error in one line."""
    import socket

    import uvicorn

    import sheettools.web as web

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = webapp.create_app(seed_master)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline and thread.is_alive()
            time.sleep(0.05)
        opened: list[str] = []
        said: list[str] = []
        monkeypatch.setattr(web.webbrowser, "open", opened.append)
        run_app(seed_master, port=port, echo=said.append)  # returns: nothing new is served
        assert opened == [f"http://127.0.0.1:{port}/"] and "đã chạy" in said[0]
        with pytest.raises(InputError, match=f"Cổng {port} đang bận"):
            run_app(seed_master, port=port, open_browser=False)
    finally:
        server.should_exit = True
        thread.join(10)
    with socket.socket() as other:  # something else listens there: not opened, an error
        other.bind(("127.0.0.1", 0))
        other.listen()
        busy = other.getsockname()[1]
        with pytest.raises(InputError, match=f"Cổng {busy} đang bận"):
            run_app(seed_master, port=busy, echo=said.append)
    assert len(opened) == 1


def test_uploads_are_limited(desk_env, monkeypatch):
    _m, _clock, c, csrf = desk_env
    monkeypatch.setattr(webapp, "MAX_FILE_BYTES", 1000)
    files = [("files", ("big.xlsx", b"x" * 1001)), ("files", ("ok.xlsx", b"x" * 10))]
    r = post(c, csrf, "/receive", data={"period": "2023-Q2"}, files=files)
    assert r.status_code == 413 and "big.xlsx" in r.text
    monkeypatch.setattr(webapp, "MAX_UPLOAD_FILES", 2)
    files = [("files", (f"f{i}.xlsx", b"x")) for i in range(3)]
    r = post(c, csrf, "/receive", data={"period": "2023-Q2"}, files=files)
    assert r.status_code >= 400
    r = post(c, csrf, "/receive", data={"period": "2023-Q2"}, files=[])
    assert r.status_code == 400 and "Chưa chọn tệp" in r.text


def test_one_action_at_a_time(desk_env):
    master, clock, c, csrf = desk_env
    d = c.app.state.desk
    import threading

    gate = threading.Event()
    job = d.start("split", "test", lambda job: gate.wait(10), "vi")
    try:
        r = post(c, csrf, "/send/split", data={"period": "2023-Q2"})
        assert r.status_code == 409 and "Một thao tác khác đang chạy" in r.text
    finally:
        gate.set()
    for _ in range(100):
        if job.finished:
            break
        time.sleep(0.05)
    r = post(c, csrf, "/send/split", data={"period": "2023-Q2"})
    assert "Đã tách 50 tệp" in wait_job(c, r.text)


# --- the cycle -------------------------------------------------------------------------------


def test_the_board_never_keeps_the_clerk_waiting_after_another_program_wrote(desk_env, monkeypatch):
    """A board that takes long to compute after another program saved the master: the page
    answers at once with the previous figures, says so, and reloads itself when the new
    ones are ready."""
    from sheettools.store import editing

    master, clock, c, _csrf = desk_env
    first = c.get("/?period=2023-Q2").text
    assert "board/ready" not in first
    release = threading.Event()
    real_board = desk.board

    def slow_board(*a, **kw):
        assert release.wait(30)
        return real_board(*a, **kw)

    monkeypatch.setattr(desk, "board", slow_board)
    with editing(master, "test", clock()) as edit:  # another program renames a unit
        unit = edit.master.units[0]
        old_name, unit.name = unit.name, "Đơn vị vừa đổi tên"
        edit.summary = "renamed"
    assert old_name in first
    t0 = time.monotonic()
    stale = c.get("/?period=2023-Q2").text
    assert time.monotonic() - t0 < 5  # (0.3 s of waiting, then the previous board)
    assert (
        "Đang tính lại bảng theo dõi" in stale and 'hx-get="/board/ready?period=2023-Q2"' in stale
    )
    assert old_name in stale and "Đơn vị vừa đổi tên" not in stale
    assert c.get("/board/ready?period=2023-Q2").status_code == 204
    release.set()
    deadline = time.monotonic() + 30
    while (r := c.get("/board/ready?period=2023-Q2")).status_code == 204:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert r.headers["HX-Refresh"] == "true"
    fresh = c.get("/?period=2023-Q2").text
    assert "Đơn vị vừa đổi tên" in fresh and "board/ready" not in fresh


def test_a_restarted_app_answers_its_first_board_from_what_it_kept(seed_master, monkeypatch):
    """The board computed once is kept beside the master: the next start of the app on the
    same content shows it at once, without loading or analysing the master."""

    clock = Clock(dt.datetime(2023, 6, 10, 9, 0, tzinfo=TZ))
    c, _ = client_for(seed_master, clock)
    first = c.get("/?period=2023-Q2").text
    kept = seed_master.with_name(f".{seed_master.name}.board.json")
    assert kept.is_file()
    calls: list[str] = []
    real_board, real_load = desk.board, desk.MasterCache.get_with_stamp
    monkeypatch.setattr(
        desk, "board", lambda *a, **kw: calls.append("board") or real_board(*a, **kw)
    )
    monkeypatch.setattr(desk.MasterCache, "get_with_stamp", lambda *a, **kw: calls.append("load") or real_load(*a, **kw))  # fmt: skip
    app = webapp.create_app(seed_master, clock=clock)
    app.state.desk._preload = lambda: None  # (the other pages' master, loaded meanwhile)
    again = TestClient(app, base_url=BASE).get("/?period=2023-Q2").text
    assert calls == []
    strip = lambda html: re.sub(r'"X-CSRF-Token": "[^"]+"', "", html)  # noqa: E731
    assert strip(again) == strip(first)

    # another content, another day, the other language, a new rejected file: computed again
    def fresh(clock: Clock, url: str = "/?period=2023-Q2") -> list[str]:
        calls.clear()
        app = webapp.create_app(seed_master, clock=clock)
        app.state.desk._preload = lambda: None
        TestClient(app, base_url=BASE).get(url)
        return list(calls)

    assert fresh(clock) == []
    assert fresh(Clock(clock.t + dt.timedelta(days=1))) == ["load", "board"]
    assert fresh(clock, "/lang/en?next=/%3Fperiod%3D2023-Q2") == ["load", "board"]
    q = desk.folders(seed_master).quarantine / "2023-Q2"
    q.mkdir(parents=True)
    (q / "x.xlsx.reason.txt").write_text("unit: VHTT\nreason: hỏng\n", encoding="utf-8")
    assert fresh(clock) == ["load", "board"]
    assert fresh(clock) == []
    m = load_master(seed_master)
    m.units[0].name = "Đơn vị vừa đổi tên"
    save_master(m, seed_master)
    assert fresh(clock) == ["load", "board"]
    kept.write_text("{not json", encoding="utf-8")  # damaged: only costs the computation
    assert fresh(clock) == ["load", "board"]
    assert fresh(clock) == []


def test_the_master_is_reloaded_reusing_the_report_rows_a_save_left_unchanged(seed_master):
    """After another program saved the master, the desk's reload takes over the report
    objects of the cache records that did not change, and gets the same master as
    ``load_master``; an edit in Excel (no valid cache) reads the workbook itself."""
    import dataclasses

    from sheettools.store import CACHE_CHUNK, editing

    m = load_master(seed_master)
    base = len(m.reports)
    m.reports += [
        Report("2023-Q1", m.tasks[-1].key, m.units[i % len(m.units)].code, version=i + 1)
        for i in range(2 * CACHE_CHUNK + 10 - base)
    ]
    save_master(m, seed_master)
    cache = desk.MasterCache(seed_master)
    first = cache.get()
    assert cache.reused == 0 and len(first.reports) == 2 * CACHE_CHUNK + 10

    def same_as_loaded(got: Master) -> None:
        want = load_master(seed_master)
        for name in ("reports", "units", "tasks", "groups", "periods", "log", "plan", "settings"):
            assert getattr(got, name) == getattr(want, name), name

    with editing(seed_master, "test", dt.datetime(2023, 6, 10, 9, 0)) as edit:  # a log line
        edit.summary = "nothing else"
    again = cache.get()
    assert cache.reused == len(again.reports) and again.reports[5] is first.reports[5]
    same_as_loaded(again)
    with editing(seed_master, "test", dt.datetime(2023, 6, 10, 9, 1)) as edit:  # rows appended
        edit.master.reports.append(dataclasses.replace(edit.master.reports[-1], version=99))
    more = cache.get()
    assert cache.reused == 2 * CACHE_CHUNK and len(more.reports) == 2 * CACHE_CHUNK + 11
    same_as_loaded(more)
    wb = openpyxl.load_workbook(seed_master)  # a person edits it in Excel: no valid cache
    wb["units"].cell(2, 2, "Sửa trong Excel")
    wb.save(seed_master)
    edited = cache.get()
    assert cache.reused == 0 and edited.units[0].name == "Sửa trong Excel"
    same_as_loaded(edited)


def test_a_save_that_changed_no_figure_is_not_analysed_again(desk_env, monkeypatch):
    """Another program saved the master but changed nothing the board shows (a log line, as
    a mail sent from a terminal leaves): the new board is the previous one, without the
    analysis; a changed figure, or a new rejected file, is analysed again."""
    from sheettools.store import editing

    master, clock, c, _csrf = desk_env
    first = c.get("/?period=2023-Q2").text
    calls: list[int] = []
    real_board = desk.board
    monkeypatch.setattr(desk, "board", lambda *a, **kw: calls.append(1) or real_board(*a, **kw))
    with editing(master, "mail send", clock()) as edit:
        edit.summary = "sent from a terminal"
    again = c.get("/?period=2023-Q2").text
    assert calls == [] and "board/ready" not in again
    assert again.split("<main>")[1] == first.split("<main>")[1]
    q = desk.folders(master).quarantine / "2023-Q2"
    q.mkdir(parents=True)
    (q / "x.xlsx.reason.txt").write_text("unit: VHTT\nreason: hỏng\n", encoding="utf-8")
    with editing(master, "merge", clock()) as edit:
        edit.summary = "one file rejected"
    assert "Không đọc được" in c.get("/?period=2023-Q2").text and calls == [1]
    with editing(master, "test", clock()) as edit:
        edit.master.units[0].name = "Đơn vị vừa đổi tên"
    assert "Đơn vị vừa đổi tên" in c.get("/?period=2023-Q2").text and calls == [1, 1]


def test_same_figures_compares_what_the_board_shows(seed_master):
    import dataclasses

    m = load_master(seed_master)
    m.reports = [Report("2023-Q2", m.tasks[-1].key, u.code) for u in m.units[:3]]
    save_master(m, seed_master)
    a, b = load_master(seed_master), load_master(seed_master)
    assert not desk.same_figures(a, b)  # (loaded apart: other report objects)
    b.reports = list(a.reports)
    assert desk.same_figures(a, b)
    b.log = [*b.log, dataclasses.replace(b.log[0], summary="x")] if b.log else []
    assert desk.same_figures(a, b)
    b.units = [dataclasses.replace(b.units[0], name="khác"), *b.units[1:]]
    assert not desk.same_figures(a, b)
    b.units = a.units
    b.reports = [*a.reports[:-1], dataclasses.replace(a.reports[-1])]  # equal, not the same
    assert not desk.same_figures(a, b)
    b.reports = a.reports[:-1]
    assert not desk.same_figures(a, b)


def test_the_first_board_says_it_is_loading_instead_of_keeping_the_clerk_waiting(
    seed_master, monkeypatch
):
    """No board computed yet for this content (a new master, or it changed while the app was
    closed) and a slow computation: the page answers at once saying the figures are
    loading, then reloads itself when they are ready."""
    monkeypatch.setattr(webapp, "BOARD_FIRST_WAIT_S", 0.5)
    release = threading.Event()
    real_board = desk.board

    def slow_board(*a, **kw):
        assert release.wait(30)
        return real_board(*a, **kw)

    monkeypatch.setattr(desk, "board", slow_board)
    clock = Clock(dt.datetime(2023, 6, 10, 9, 0, tzinfo=TZ))
    c = TestClient(webapp.create_app(seed_master, clock=clock), base_url=BASE)
    t0 = time.monotonic()
    r = c.get("/")
    assert r.status_code == 200 and time.monotonic() - t0 < 5
    assert "Đang tải số liệu từ sổ chính" in r.text and 'hx-get="/board/ready"' in r.text
    assert "Traceback" not in r.text and "Nhận báo cáo" in r.text  # (the menu is there)
    assert c.get("/board/ready").status_code == 204
    release.set()
    deadline = time.monotonic() + 30
    while (r := c.get("/board/ready")).status_code == 204:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert r.headers["HX-Refresh"] == "true"
    board = c.get("/").text
    assert "Quý II/2023" in board and "Đang tải" not in board


def test_after_a_change_the_boards_the_clerk_looked_at_are_computed_ahead(desk_env, monkeypatch):
    """The watcher's warm-up after another program's save computes the board of the period
    and language the clerk looked at last, not only the start page's."""
    from sheettools.store import editing

    master, clock, c, _csrf = desk_env
    c.get("/?period=2023-Q3")
    d = c.app.state.desk
    with editing(master, "test", clock()) as edit:
        edit.master.units[0].name = "Đơn vị vừa đổi tên"
    d.warm()  # (what the watcher does when the master changed)
    d._pool.submit(lambda: None).result(timeout=60)  # (the board thread has done it all)
    stamp = d.cache.stamp()
    assert any(k[:2] == (stamp, "2023-Q3") and f.done() for k, f in d._futures.items())
    calls: list[int] = []
    real_board = desk.board
    monkeypatch.setattr(desk, "board", lambda *a, **kw: calls.append(1) or real_board(*a, **kw))
    page = c.get("/?period=2023-Q3").text
    assert calls == [] and "Đơn vị vừa đổi tên" in page and "Quý III/2023" in page


def test_an_action_that_wrote_the_master_leaves_the_new_board_ready(desk_env, monkeypatch):
    master, _clock, c, csrf = desk_env
    from sheettools.units import resolve_master_units

    m = load_master(master)
    task = next(t for t in m.tasks if t.kind == "task" and t.lead_units == ["VHTT"])
    task.lead_raw = "Phòng VH-TT-DL"
    resolve_master_units(m)
    save_master(m, master)
    assert "VHTT" not in load_master(master).task(task.key).lead_units
    c.get("/?period=2023-Q2")
    before = master.stat().st_mtime_ns
    r = post(c, csrf, "/plan/map", data={"fragment": "Phòng VH-TT-DL", "unit": "VHTT"})
    assert "Còn 0 tên chưa nhận ra" in wait_job(c, r.text)
    assert master.stat().st_mtime_ns != before  # the action wrote the master
    calls = []
    real_board = desk.board
    monkeypatch.setattr(desk, "board", lambda *a, **kw: calls.append(1) or real_board(*a, **kw))
    assert "board/ready" not in c.get("/?period=2023-Q2").text
    assert calls == []  # computed by the action already, not while the clerk waits


def test_split_download_receive_and_the_board_changes(desk_env, tmp_path):
    master, clock, c, csrf = desk_env
    r = post(c, csrf, "/send/split", data={"period": "2023-Q2"})
    assert "Đã tách 50 tệp" in wait_job(c, r.text)
    send = c.get("/send?period=2023-Q2").text
    assert "2023-Q2_VHTT.xlsx" in send and "/send/zip?period=2023-Q2" in send
    z = c.get("/send/zip?period=2023-Q2")
    assert z.status_code == 200 and z.headers["content-type"] == "application/zip"
    import io
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(z.content)).namelist()
    assert "manifest.csv" in names and len([n for n in names if n.endswith(".xlsx")]) == 50
    one = c.get("/send/file?period=2023-Q2&name=2023-Q2_VHTT.xlsx")
    outbox = desk.folders(master).outbox / "2023-Q2"
    assert one.content == (outbox / "2023-Q2_VHTT.xlsx").read_bytes()
    assert c.get("/send/file?period=2023-Q2&name=../so-chinh.xlsx").status_code == 404
    # preview one unit's e-mail (a dry run of mail send)
    r = post(c, csrf, "/send/mail", data={"period": "2023-Q2", "dry_run": "1", "unit": "VHTT"})
    text = wait_job(c, r.text)
    assert "vhtt@longbien.example" in text and "2023-Q2_VHTT.xlsx" in text
    assert load_master(master).sendlog == []  # nothing was sent

    # returns: VHTT on time, TP late by e-mail (its message date), TNMT broken
    vhtt = tmp_path / "2023-Q2_VHTT.xlsx"
    keys = fill_workbook(outbox / "2023-Q2_VHTT.xlsx", vhtt, "Đã làm")
    tp = tmp_path / "2023-Q2_TP.xlsx"
    fill_workbook(outbox / "2023-Q2_TP.xlsx", tp, "Xong")
    late_mail = eml_with(tp, dt.datetime(2023, 6, 18, 16, 30, tzinfo=TZ))
    broken = (outbox / "2023-Q2_TNMT.xlsx").read_bytes()[:3000]
    clock.t = dt.datetime(2023, 6, 14, 10, 0, tzinfo=TZ)
    files = [
        ("files", (vhtt.name, vhtt.read_bytes())),
        ("files", ("Báo cáo TP.eml", late_mail)),
        ("files", ("2023-Q2_TNMT.xlsx", broken)),
    ]
    r = post(c, csrf, "/receive", data={"period": "2023-Q2"}, files=files)
    assert r.status_code == 200
    text = wait_job(c, r.text)
    assert text.count('class="o-merged"') == 2 and text.count('class="o-rejected"') == 1
    assert "2023-Q2_TNMT.xlsx" in text and "Hãy đề nghị đơn vị gửi lại" in text
    why = re.search(r'<div class="why"[^>]*>([^<]*)</div>', text).group(1)
    assert why == "Tệp bị hỏng hoặc bị cắt cụt. Hãy đề nghị đơn vị gửi lại tệp."  # plain words
    assert "Báo cáo TP.eml" in text  # the message and what it held
    late_lines = [li for li in text.split("<li ") if "muộn" in li]
    assert len(late_lines) == 1 and "2023-Q2_TP.xlsx" in late_lines[0]
    assert "muộn 3 ngày" in late_lines[0]  # the late one is said so at once
    # the board: VHTT on time, TP late by 3 days, TNMT unreadable, the rest not sent
    clock.t = dt.datetime(2023, 6, 20, 9, 0, tzinfo=TZ)
    b = desk.board(load_master(master), "2023-Q2", dt.date(2023, 6, 20), master_path=master)
    states = {u["unit"]: u["state"] for u in b["units"]}
    assert (states["VHTT"], states["TP"], states["TNMT"]) == ("on_time", "late", "unreadable")
    assert b["counts"] == {"expected": 50, "on_time": 1, "late": 1, "missing": 47, "unreadable": 1}
    assert [u["days_late"] for u in b["units"] if u["unit"] == "TP"] == [3]
    page = c.get("/?period=2023-Q2").text
    assert (
        'data-state="unreadable"' in page
        and "Tệp bị hỏng hoặc bị cắt cụt. Hãy đề nghị đơn vị gửi lại tệp." in page
    )
    unit = c.get("/unit/VHTT?period=2023-Q2").text
    assert f"Đã làm ({keys[0]})" in unit
    # the same file again: unchanged, and a second version after an edit
    r = post(c, csrf, "/receive", data={"period": "2023-Q2"},
             files=[("files", (vhtt.name, vhtt.read_bytes()))])  # fmt: skip
    assert 'class="o-unchanged"' in wait_job(c, r.text)
    fill_workbook(outbox / "2023-Q2_VHTT.xlsx", vhtt, "Đã làm lại")
    r = post(c, csrf, "/receive", data={"period": "2023-Q2"},
             files=[("files", (vhtt.name, vhtt.read_bytes()))])  # fmt: skip
    assert 'class="o-merged"' in wait_job(c, r.text)
    task = c.get(f"/task/{keys[0]}?period=2023-Q2").text
    assert f"Đã làm lại ({keys[0]})" in task and f"Đã làm ({keys[0]})" in task  # both versions
    # the consolidated workbook, downloaded
    r = post(c, csrf, "/report/summary", data={"period": "2023-Q2"})
    text = wait_job(c, r.text)
    assert "TONGHOP_2023-Q2.xlsx" in text
    x = c.get("/report/file?name=TONGHOP_2023-Q2.xlsx")
    out = tmp_path / "t.xlsx"
    out.write_bytes(x.content)
    cells = [v for ws in openpyxl.load_workbook(out) for row in ws.iter_rows(values_only=True)
             for v in row if isinstance(v, str)]  # fmt: skip
    assert any(f"Đã làm lại ({keys[0]})" in v for v in cells)
    # the Word report (sheettools report), downloaded
    r = post(c, csrf, "/report/word", data={"period": "2023-Q2"})
    assert "BAOCAO_2023-Q2.docx" in wait_job(c, r.text)
    docx_bytes = c.get("/report/file?name=BAOCAO_2023-Q2.docx").content
    import docx

    (tmp_path / "b.docx").write_bytes(docx_bytes)
    words = "\n".join(p.text for p in docx.Document(str(tmp_path / "b.docx")).paragraphs)
    assert "BÁO CÁO" in words
    log = c.get("/log").text
    assert "Nhận báo cáo (gộp)" in log and "merge" in log  # the action in words, and its command


def test_reminders_are_previewed_before_anything_is_sent(desk_env):
    master, clock, c, csrf = desk_env
    wait_job(c, post(c, csrf, "/send/split", data={"period": "2023-Q2"}).text)
    clock.t = dt.datetime(2023, 6, 20, 9, 0, tzinfo=TZ)
    r = post(c, csrf, "/send/remind", data={"period": "2023-Q2", "dry_run": "1"})
    text = wait_job(c, r.text)
    assert "Thư nháp (chưa gửi)" in text and "vhtt@longbien.example" in text
    assert load_master(master).sendlog == []
    # no mail server set up: sending is not offered under the preview, the page says why
    assert 'id="send-previewed"' not in text and "Chưa gửi được: chưa cài đặt hộp thư" in text
    # sending for real without a mail server configured: one clear line, nothing sent
    r = post(c, csrf, "/send/remind", data={"period": "2023-Q2", "dry_run": "0"})
    text = wait_job(c, r.text)
    assert 'class="banner error"' in text and load_master(master).sendlog == []
    # set up: sending is offered under the preview, for the units previewed
    master.with_name("sheettools.toml").write_text('[mail]\nhost = "127.0.0.1"\n', "utf-8")
    text = wait_job(
        c, post(c, csrf, "/send/remind", data={"period": "2023-Q2", "dry_run": "1"}).text
    )
    assert 'id="send-previewed"' in text and 'name="unit" value="VHTT"' in text
    assert "Chưa gửi được" not in text
    assert 'id="send-previewed"' not in c.get("/send?period=2023-Q2").text  # never before


def test_an_unrecognised_unit_name_is_mapped_from_the_plan_page(desk_env):
    master, clock, c, csrf = desk_env
    from sheettools.units import resolve_master_units

    m = load_master(master)
    task = next(t for t in m.tasks if t.kind == "task" and t.lead_units == ["VHTT"])
    task.lead_raw = "Phòng Văn hoá - Thông tin - Du lịch"
    resolve_master_units(m)
    save_master(m, master)
    page = c.get("/plan").text
    assert "Phòng Văn hoá - Thông tin - Du lịch" in page and "Tên đơn vị chưa nhận ra (1)" in page
    r = post(c, csrf, "/plan/map",
             data={"fragment": "Phòng Văn hoá - Thông tin - Du lịch", "unit": "VHTT"})  # fmt: skip
    assert "Còn 0 tên chưa nhận ra" in wait_job(c, r.text)
    m = load_master(master)
    assert m.task(task.key).lead_units == ["VHTT"]
    assert "Phòng Văn hoá - Thông tin - Du lịch" in m.unit_map()["VHTT"].aliases
    assert "Mọi tên đơn vị đều đã nhận ra" in c.get("/plan").text


def test_the_clerk_fills_in_the_letterhead_on_the_plan_page(desk_env):
    """A new office's master still carries Decree 30's placeholders: the plan and report pages
    say so; the form on the plan page writes the office's own, as the settings sheet would."""
    master, clock, c, csrf = desk_env
    m = load_master(master)
    m.settings["doc_issuing_body"] = ""  # the default: Decree 30's placeholder
    save_master(m, master)
    page = c.get("/plan").text
    assert "Tiêu đề văn bản còn là mẫu (Cơ quan, tổ chức ban hành)" in page
    assert (
        'name="doc_issuing_body" value=""' in page and 'placeholder="TÊN CƠ QUAN, TỔ CHỨC"' in page
    )
    assert "Tiêu đề văn bản còn là mẫu" in c.get("/report").text
    r = post(c, csrf, "/plan/office",
             data={"doc_governing_body": "-", "doc_issuing_body": "ỦY BAN NHÂN DÂN XÃ AN BÌNH"})  # fmt: skip
    assert (
        "Đã lưu tiêu đề văn bản: Cơ quan, tổ chức chủ quản, Cơ quan, tổ chức ban hành"
        in wait_job(c, r.text)
    )
    m = load_master(master)
    assert m.settings["doc_issuing_body"] == "ỦY BAN NHÂN DÂN XÃ AN BÌNH"
    assert m.settings["doc_governing_body"] == "-" and m.log[-1].command == "plan office"
    assert "Tiêu đề văn bản còn là mẫu" not in c.get("/report").text
    # a date that cannot be read: one line on the page, nothing written
    r = post(c, csrf, "/plan/office", data={"doc_issuing_body": "X", "doc_date": "32/13/2026"})
    text = wait_job(c, r.text)
    assert 'class="banner error"' in text and "32/13/2026" in text
    assert load_master(master).settings["doc_issuing_body"] == "ỦY BAN NHÂN DÂN XÃ AN BÌNH"


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_the_clerk_sets_up_the_mailbox_and_types_the_password_to_send(desk_env, monkeypatch):
    """No sheettools.toml and no password in the environment: the send page's form writes the
    settings file; sending asks for the password, which logs in and is written nowhere."""
    from mailservers import PASSWORD, SmtpServer

    master, clock, c, csrf = desk_env
    monkeypatch.chdir(master.parent)
    for var in ("SHEETTOOLS_CONFIG", "SHEETTOOLS_MAIL_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    page = c.get("/send").text
    assert '<details class="mailbox" id="mailbox" open>' in page
    server = SmtpServer(auth=True)
    try:
        r = post(c, csrf, "/send/mailbox", data={
            "host": "127.0.0.1", "port": str(server.port), "security": "none",
            "user": "office@lb.example", "from_name": "Văn phòng \"Cơ quan\"",
            "imap_folder": "Báo cáo"})  # fmt: skip
        assert "Đã lưu cài đặt hộp thư" in wait_job(c, r.text)
        conf = master.with_name("sheettools.toml")
        assert 'from_name = "Văn phòng \\"Cơ quan\\""' in conf.read_text("utf-8")
        assert 'imap_folder = "Báo cáo"' in conf.read_text("utf-8")
        # a bad value: one line, the file as it was
        before = conf.read_bytes()
        r = post(c, csrf, "/send/mailbox", data={"port": "cổng"})
        assert 'class="banner error"' in wait_job(c, r.text) and conf.read_bytes() == before
        wait_job(c, post(c, csrf, "/send/split", data={"period": "2023-Q2"}).text)
        text = wait_job(c, post(c, csrf, "/send/mail",
                                data={"period": "2023-Q2", "dry_run": "1", "unit": "VHTT"}).text)  # fmt: skip
        assert 'type="password" name="password"' in text and 'id="send-previewed"' in text
        r = post(c, csrf, "/send/mail", data={"period": "2023-Q2", "dry_run": "0",
                                              "unit": "VHTT", "password": PASSWORD})  # fmt: skip
        wait_job(c, r.text)
        assert ("office@lb.example", PASSWORD) in server.handler.logins
        assert len(server.handler.messages) == 1
    finally:
        server.stop()
    assert [e.result for e in load_master(master).sendlog] == ["sent"]
    for p in master.parent.rglob("*"):
        if p.is_file():
            assert PASSWORD.encode() not in p.read_bytes(), p


def test_the_units_e_mail_addresses_are_typed_on_the_plan_page(desk_env):
    master, clock, c, csrf = desk_env
    m = load_master(master)
    for u in m.units:
        if u.code in ("VHTT", "YT"):
            u.email = []
    save_master(m, master)
    page = c.get("/plan").text
    assert "2 đơn vị phải báo cáo chưa có địa chỉ thư" in page
    assert 'name="email_VHTT" value=""' in page
    # one address that is not one: the whole change is refused, nothing written
    r = post(c, csrf, "/plan/units",
             data={"email_VHTT": "vhtt@longbien.gov.vn", "email_YT": "yte-longbien.gov.vn"})  # fmt: skip
    text = wait_job(c, r.text)
    assert "Địa chỉ thư không đúng (YT): yte-longbien.gov.vn" in text
    assert load_master(master).unit_map()["VHTT"].email == []
    r = post(c, csrf, "/plan/units",
             data={"email_VHTT": "vhtt@longbien.gov.vn, vt.vhtt@longbien.gov.vn",
                   "email_YT": " yte@longbien.gov.vn "})  # fmt: skip
    assert "Đã lưu 2 đơn vị: VHTT, YT" in wait_job(c, r.text)
    m = load_master(master)
    assert m.unit_map()["VHTT"].email == ["vhtt@longbien.gov.vn", "vt.vhtt@longbien.gov.vn"]
    assert m.unit_map()["YT"].email == ["yte@longbien.gov.vn"] and m.log[-1].command == "units edit"
    assert "chưa có địa chỉ thư" not in c.get("/plan").text


def test_a_unit_is_renamed_and_its_level_changed_on_the_plan_page(desk_env):
    """A proposed unit's name is fixed on the page; the old spelling stays an alias (the
    plan's cells still find it). A level of "outside" stops it reporting; a name taken by
    another unit, or empty, refuses the change."""
    master, clock, c, csrf = desk_env
    page = c.get("/plan").text
    assert 'name="name_VHTT" value="Phòng Văn hóa và Thông tin"' in page
    assert '<option value="district" selected>huyện</option>' in page
    r = post(c, csrf, "/plan/units",
             data={"name_VHTT": "Phòng Quản lý đô thị", "level_VHTT": "district"})  # fmt: skip
    assert "Hai đơn vị cùng một tên (VHTT, QLDT)" in wait_job(c, r.text)
    r = post(c, csrf, "/plan/units", data={"name_YT": "  "})
    assert "Tên đơn vị để trống (YT)" in wait_job(c, r.text)
    r = post(c, csrf, "/plan/units", data={"level_YT": "commune"})
    assert "Cấp đơn vị không hợp lệ (YT): commune" in wait_job(c, r.text)
    assert load_master(master).unit_map()["VHTT"].name == "Phòng Văn hóa và Thông tin"
    r = post(c, csrf, "/plan/units",
             data={"name_VHTT": "Phòng  Văn hóa, Thể thao và Du lịch", "level_VHTT": "district",
                   "level_YT": "external", "name_YT": "Phòng Y tế quận"})  # fmt: skip
    assert "Đã lưu 2 đơn vị: VHTT, YT" in wait_job(c, r.text)
    units = load_master(master).unit_map()
    assert units["VHTT"].name == "Phòng Văn hóa, Thể thao và Du lịch"
    assert "Phòng Văn hóa và Thông tin" in units["VHTT"].aliases
    assert units["YT"].level == "external" and not units["YT"].reports
    r = post(c, csrf, "/plan/units", data={"name_VHTT": "Phòng Văn hóa, Thể thao và Du lịch"})
    assert "Không có gì thay đổi" in wait_job(c, r.text)


def test_a_new_office_makes_its_master_from_the_first_page(tmp_path, seed_path):
    """No master in the folder yet: every page leads to /setup, which makes it from the plan
    (with a unit list proposed from the plan when the office has none) and the letterhead."""
    clock = Clock(dt.datetime(2023, 6, 10, 9, 0, tzinfo=TZ))
    master, fresh = desk.master_or_new(tmp_path)
    assert fresh and master == tmp_path / "so-chinh.xlsx"
    c, csrf = client_for(master, clock)
    r = c.get("/plan", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/setup"
    page = c.get("/setup").text
    assert "Tạo sổ chính từ kế hoạch" in page and "so-chinh.xlsx" in page
    assert 'href="/plan"' not in page  # (no menu to pages that need a master)
    csrf = re.search(r'X-CSRF-Token": "([^"]+)', page).group(1)
    files = {"plan": ("ke-hoach.txt", seed_path.read_bytes())}
    data = {"year": "2023", "doc_governing_body": "-", "doc_issuing_body": "ỦY BAN MTTQ QUẬN"}
    text = wait_job(c, post(c, csrf, "/setup", files=files, data=data).text)
    assert "Đã tạo sổ chính" in text and "so-chinh-don-vi-de-xuat.xlsx" in text, text
    m = load_master(master)
    assert len(m.tasks) > 100 and len(m.units) > 20
    assert m.settings["doc_issuing_body"] == "ỦY BAN MTTQ QUẬN"
    assert m.settings["doc_governing_body"] == "-"
    assert "doc_place" not in m.settings or m.settings["doc_place"] == "Địa danh"  # untyped
    assert (tmp_path / "so-chinh-don-vi-de-xuat.xlsx").is_file()
    assert c.get("/", follow_redirects=False).status_code == 200  # the desk, as usual
    assert c.get("/setup", follow_redirects=False).headers["location"] == "/plan"
    # a second try cannot overwrite it
    r = post(c, csrf, "/setup", files=files, data=data)
    assert "Sổ chính đã có" in r.text


def test_a_folder_with_several_masters_is_not_a_new_office(tmp_path, seed_master):
    import shutil

    folder = tmp_path / "office"
    folder.mkdir()
    shutil.copy(seed_master, folder / "a.xlsx")
    assert desk.master_or_new(folder) == (folder / "a.xlsx", False)
    shutil.copy(seed_master, folder / "b.xlsx")
    with pytest.raises(InputError, match="a.xlsx, b.xlsx"):
        desk.master_or_new(folder)
    with pytest.raises(Exception, match="Không thấy sổ chính"):
        webapp.create_app(tmp_path / "no-folder" / "so-chinh.xlsx")
    # a mistyped name beside the real master is not a new office
    with pytest.raises(InputError) as info:
        desk.master_or_new(tmp_path, folder / "so-chin.xlsx")
    assert re.search("so-chin.xlsx.*có sổ chính a.xlsx, b.xlsx", info.value.one_line())
    assert desk.master_or_new(tmp_path, tmp_path / "new" / "x.xlsx") == (
        tmp_path / "new" / "x.xlsx", True)  # fmt: skip


def test_importing_a_plan_from_the_page_keeps_the_reports(desk_env, seed_path, sample_units):
    master, clock, c, csrf = desk_env
    m = load_master(master)
    m.reports.append(Report("2023-Q2", "II.1.1", "VHTT", status="Hoàn thành"))
    save_master(m, master)
    files = {"plan": ("ke-hoach.txt", seed_path.read_bytes()),
             "units": ("don-vi.xlsx", sample_units.read_bytes())}  # fmt: skip
    r = post(c, csrf, "/plan/import", files=files, data={"year": "2023"})
    text = wait_job(c, r.text)
    assert "Đã nhập Triển khai thực hiện chủ đề" in text  # the plan's own title
    assert [r.key for r in load_master(master).reports] == ["II.1.1"]


def test_a_plan_with_an_unusual_column_title_is_imported_with_its_mapping(desk_env):
    """The lead units' column is titled "Nơi làm chính": named on the page (plan import's
    ``--map lead=...``), its units are read; not named, they are not."""
    master, clock, c, csrf = desk_env
    plan = Path(__file__).parent / "data" / "plan_unusual_lead_column.csv"
    files = {"plan": (plan.name, plan.read_bytes())}
    r = post(c, csrf, "/plan/import", files=files, data={"year": "2023"})
    assert "Đã nhập" in wait_job(c, r.text)
    assert [t.lead_units for t in load_master(master).tasks] == [[], []]
    r = post(c, csrf, "/plan/import", files=files,
             data={"year": "2023", "map_lead": "Nơi làm chính"})  # fmt: skip
    assert "Đã nhập" in wait_job(c, r.text)
    assert [t.lead_units for t in load_master(master).tasks] == [["VHTT"], ["YT"]]


def test_saved_messages_without_a_workbook_and_broken_outlook_files(tmp_path):
    msg = email.message.EmailMessage()
    msg["From"] = "Phòng Tư pháp <tp@longbien.example>"
    msg["Date"] = "Sun, 18 Jun 2023 16:30:00 +0700"
    msg.set_content("Kính gửi.")
    msg.add_attachment("ghi chú".encode(), maintype="text", subtype="plain", filename="a.txt")
    files, meta = desk.unpack_message(msg.as_bytes(), "thu.eml", tmp_path)
    assert files == [] and meta["sender"].startswith("Phòng Tư pháp")
    assert meta["message_date"] == "2023-06-18T16:30:00+07:00"
    with pytest.raises(InputError, match="Outlook"):
        desk.unpack_message(b"not an ole file", "thu.msg", tmp_path)


def test_numbers_are_written_as_people_write_them():
    from sheettools.i18n import set_lang

    try:
        set_lang("vi")
        assert webapp._num(162000) == "162.000" and webapp._num(7) == "7"
        set_lang("en")
        assert webapp._num(162000) == "162,000"
        assert webapp._num(None) == "" and webapp._num("x") == "x"
    finally:
        set_lang(None)


@pytest.mark.parametrize("portable", ["1", "0"])
def test_a_drop_goes_through_the_reader_windows_uses_when_forced(desk_env, monkeypatch, portable):
    """The desk's "Nhận báo cáo" reads files with merge's isolated reader; with
    SHEETTOOLS_PORTABLE=1 (or on Windows) that is the portable pool (spawned processes, no
    ``resource``/``pass_fds``): the path ``make test`` runs the whole suite through once more."""
    from sheettools import safety

    master, _clock, c, csrf = desk_env
    monkeypatch.setenv("SHEETTOOLS_PORTABLE", portable)
    started: list[str] = []
    for how in ("portable", "posix"):
        real = getattr(safety._Worker, f"_start_{how}")
        monkeypatch.setattr(
            safety._Worker, f"_start_{how}",
            lambda self, *a, _r=real, _h=how: started.append(_h) or _r(self, *a),
        )  # fmt: skip
    wait_job(c, post(c, csrf, "/send/split", data={"period": "2023-Q2"}).text)
    book = desk.folders(master).outbox / "2023-Q2" / "2023-Q2_VHTT.xlsx"
    files = [("files", (book.name, book.read_bytes()))]
    text = wait_job(c, post(c, csrf, "/receive", data={"period": "2023-Q2"}, files=files).text)
    assert "o-merged" in text or "o-unchanged" in text
    want = "portable" if portable == "1" or sys.platform == "win32" else "posix"
    assert started and set(started) == {want}


def test_the_windows_launcher_keeps_crlf_and_starts_the_app():
    """cmd.exe misreads LF-only batch files in places: .gitattributes keeps CRLF in every
    checkout; the launcher starts the app for the master beside it."""
    bat = (Path(__file__).parents[1] / "scripts" / "sheettools-app.bat").read_bytes()
    lines = bat.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line for line in lines)
    assert b'cd /d "%~dp0"' in bat and b"-m sheettools app %*" in bat


def test_the_plan_page_names_the_year_once(desk_env):
    """The sample's title ends in "năm 2023": the heading does not add "— 2023" after it, but a
    title without its year gets it."""
    master, clock, c, csrf = desk_env
    head = re.search(r"<h1>.*?</h1>", c.get("/plan").text, re.S).group(0)
    assert "năm 2023" in head and "— 2023" not in head
    m = load_master(master)
    m.settings["plan_title"] = "Kế hoạch công tác"
    save_master(m, master)
    head = re.search(r"<h1>.*?</h1>", c.get("/plan").text, re.S).group(0)
    assert "Kế hoạch công tác — 2023" in head


def test_a_name_of_a_body_the_list_lacks_becomes_a_new_unit(desk_env):
    """The plan names a body the office's unit list does not have: "thêm làm đơn vị mới" adds
    it with the code and level `units suggest` would give, and its tasks find it. A vague
    phrase is refused, and so is a body already in the list (map it instead)."""
    master, clock, c, csrf = desk_env
    from sheettools.units import resolve_master_units

    m = load_master(master)
    task = next(t for t in m.tasks if t.kind == "task" and t.lead_units == ["VHTT"])
    task.lead_raw = "Chi cục Thống kê quận"
    resolve_master_units(m)
    save_master(m, master)
    page = c.get("/plan").text
    assert "Tên đơn vị chưa nhận ra (1)" in page and '<option value="+">' in page
    r = post(c, csrf, "/plan/map", data={"fragment": "các cơ quan liên quan", "unit": "+"})
    assert "Không phải tên một cơ quan, đơn vị: các cơ quan liên quan" in wait_job(c, r.text)
    r = post(c, csrf, "/plan/map", data={"fragment": "Phòng Quản lý đô thị", "unit": "+"})
    assert "Đã có đơn vị QLDT" in wait_job(c, r.text)
    r = post(c, csrf, "/plan/map", data={"fragment": "Chi cục Thống kê quận", "unit": "+"})
    text = wait_job(c, r.text)
    assert "đơn vị mới" in text and "Còn 0 tên chưa nhận ra" in text
    m = load_master(master)
    new = next(u for u in m.units if u.name == "Chi cục Thống kê quận")
    assert new.level == "district" and new.code not in {"VHTT", "QLDT"}
    assert m.task(task.key).lead_units == [new.code]
    assert m.log[-1].command == "units add"  # the cells resolved again in the same edit


def test_a_unit_made_twice_is_merged_into_the_other_on_the_plan_page(desk_env):
    """Two codes for one body (or a unit made from a wrong name): "Gộp" moves its tasks and
    names to the right unit and drops it. A unit that has reported is refused, and so are
    a unit merged into itself and a code that does not exist; the master is unchanged."""
    master, clock, c, csrf = desk_env
    m = load_master(master)
    twin = Unit(code="VHTT2", name="Phòng Văn hoá - Thông tin quận", email=["vh2@q.gov.vn"])
    m.units.append(twin)
    lead = next(t for t in m.tasks if t.kind == "task" and t.lead_units == ["VHTT"])
    lead.lead_units = ["VHTT2"]
    both = next(t for t in m.tasks if t.kind == "task" and "VHTT" in t.coordinating_units)
    both.lead_units = [*both.lead_units, "VHTT2"]
    m.reports.append(Report(period="2023-Q2", key=lead.key, unit="YT", result="Đã xong"))
    save_master(m, master)
    page = c.get("/plan").text
    assert 'hx-post="/plan/units/merge"' in page and "Gộp hai đơn vị trùng nhau" in page
    for data, said in (
        ({"code": "VHTT2", "into": "VHTT2"}, "Chọn hai đơn vị khác nhau: VHTT2"),
        ({"code": "VHTT9", "into": "VHTT"}, "Không có đơn vị: VHTT9"),
    ):
        assert said in wait_job(c, post(c, csrf, "/plan/units/merge", data=data).text)
    before = master.read_bytes()
    text = wait_job(c, post(c, csrf, "/plan/units/merge", data={"code": "YT", "into": "VHTT"}).text)
    assert "Đơn vị đã có báo cáo hoặc thư gửi, không gộp được: YT" in text, text
    assert master.read_bytes() == before
    text = wait_job(
        c, post(c, csrf, "/plan/units/merge", data={"code": "VHTT2", "into": "VHTT"}).text
    )
    assert "Đã gộp VHTT2 vào VHTT; 2 nhiệm vụ đổi đơn vị" in text, text
    m = load_master(master)
    units = m.unit_map()
    assert "VHTT2" not in units
    assert "Phòng Văn hoá - Thông tin quận" in units["VHTT"].aliases
    assert "vh2@q.gov.vn" in units["VHTT"].email
    assert m.task(lead.key).lead_units == ["VHTT"]
    assert "VHTT" in m.task(both.key).lead_units
    assert "VHTT" not in m.task(both.key).coordinating_units  # leads, so not also coordinating
    assert m.log[-1].command == "units merge" and m.log[-1].summary == "VHTT2 → VHTT"
