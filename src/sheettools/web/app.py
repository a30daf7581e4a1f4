"""The clerk's desk as a local web app (Starlette + Jinja2 + htmx, shipped in the package).

Pages: the period board (start page), receiving returns, sending, the plan, the quarterly
report, the log. Every figure comes from ``sheettools.desk`` and every action calls the
library function the matching CLI command calls; this module only turns requests into calls
and results into pages. Actions run one at a time (a second click while one runs is told
to wait) in a worker thread, and the library functions take the master's lock themselves.

Security: listens on 127.0.0.1 unless told otherwise (then a password is required); the Host
header must be one the app serves (no DNS rebinding); every POST carries the session's CSRF
token and, when the browser sends one, an Origin of this app; uploads are limited in number
and size and are read by the same isolated reader as ``merge``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import datetime as dt
import hmac
import secrets
import threading
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import itsdangerous  # noqa: F401  (Starlette's sessions sign the cookie with it: fail early)
import python_multipart  # noqa: F401  (Starlette parses uploaded files with it: fail early)
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import desk, problems
from ..errors import SheettoolsError
from ..i18n import get_lang, set_lang, tr
from ..safety import Limits

MAX_UPLOAD_FILES = 300
MAX_FILE_BYTES = Limits().max_bytes  # the reader's own limit: a bigger file is refused anyway
MAX_REQUEST_BYTES = 500 * 2**20
LOGIN_DELAY_S = 1.0
BOARD_WAIT_S = 0.3  # the board page waits this long for new figures, then shows the last ones
PRELOAD_DELAY_S = 1.5  # after a kept board was shown: then the master is loaded for the rest
BOARD_FIRST_WAIT_S = 0.2  # with no figures to show yet: then a "loading" page that reloads itself
MAP_ROLES = ("number", "content", "leader", "lead", "coord", "start", "due")  # plan import --map
STATIC = Path(__file__).with_name("static")

Clock = Callable[[], dt.datetime]


@dataclass
class Job:
    """One action running in a worker thread; the page polls it."""

    id: str
    title: str
    kind: str
    done: int = 0
    total: int = 0
    item: str = ""
    finished: bool = False
    result: Any = None
    error: str = ""
    context: dict[str, Any] = field(default_factory=dict)


class Desk:
    """The state of one running app: its master, settings, the running action."""

    def __init__(
        self,
        master: Path,
        *,
        clock: Clock,
        password: str | None,
        lang: str | None = None,
        cache: desk.MasterCache | None = None,
    ) -> None:
        self.master = master
        self.lang = lang
        self.cache = (
            cache if cache is not None and cache.path == master else desk.MasterCache(master)
        )
        self.snapshots = desk.BoardSnapshots(master)
        self.clock = clock
        self.password = password
        self.busy = threading.Lock()
        self.jobs: dict[str, Job] = {}
        self._boards: dict[tuple, tuple[Any, str, dict[str, Any], list[dict[str, Any]]]] = {}
        self._futures: dict[tuple, concurrent.futures.Future] = {}
        self._shown: dict[tuple, tuple[tuple[int, int], tuple]] = {}  # the last board per page
        self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="sheettools-board")
        self._board_lock = threading.Lock()
        self._figures: dict[tuple, tuple] = {}  # the latest load's boards (``_same_figures``)
        self._recent: list[tuple[str | None, str]] = []  # boards asked for last (``warm``)
        self._watching = False

    def board(
        self, period: str | None, *, wait: float | None = None
    ) -> tuple[Any, str, dict[str, Any] | None, list[dict[str, Any]], bool]:
        """(master, period, board, period choices, stale), computed once per content of the
        master, period, day and language, one at a time in the background (``_compute``).

        The board of a large master costs a few seconds to compute after the master changed
        (load + analysis). It is computed ahead whenever the master changes (the watcher, and
        the action that wrote it), and kept beside the master for the next start of the app
        (``desk.BoardSnapshots``), so it is nearly always ready. When it is not ready within
        ``wait`` seconds (BOARD_WAIT_S), the board of the previous content is returned with
        ``stale`` True: the page says the figures are being updated and reloads itself when
        the new ones are ready (``board_ready``). With no board at all to show (the first
        start on this content) it waits BOARD_FIRST_WAIT_S, then returns the board as None:
        the page says the figures are loading and reloads itself the same way.
        ``wait=None`` waits for the new board."""
        lang = get_lang()
        fut = self._compute(period, lang)
        with self._board_lock:  # (what ``warm`` computes ahead after the next change)
            self._recent = [(period, lang), *[x for x in self._recent if x != (period, lang)]][:3]
        if wait is None:
            return (*fut.result(), False)
        try:
            return (*fut.result(timeout=wait), False)
        except concurrent.futures.TimeoutError:
            with self._board_lock:
                prev = self._shown.get((period or "", lang))
            if prev is not None:
                return (*prev[1], True)
        try:  # nothing to show meanwhile
            return (*fut.result(timeout=max(0.0, BOARD_FIRST_WAIT_S - wait)), False)
        except concurrent.futures.TimeoutError:
            return None, period or "", None, [], True

    def board_ready(self, period: str | None) -> bool:
        """Whether the board of the master's current content is computed (for a stale page)."""
        try:
            fut = self._compute(period, get_lang())
        except OSError:
            return True  # (the page will say what is wrong)
        return fut.done()

    def _compute(self, period: str | None, lang: str) -> concurrent.futures.Future:
        """The board for the master's current content, computed in the board thread (one at
        a time: a second request for the same content waits for the same computation)."""
        stamp = self.cache.stamp()
        today = self.today()
        want = (stamp, period or "", today, lang)
        with self._board_lock:
            fut = self._futures.get(want)
            if fut is None or (fut.done() and fut.exception() is not None):  # (a failure: retry)
                fut = self._pool.submit(self._board_now, period, lang, stamp)
                # (futures of older contents are dropped; boards shown meanwhile are kept)
                self._futures = {k: v for k, v in self._futures.items() if k[0] == stamp}
                self._futures[want] = fut
        return fut

    def _board_now(
        self, period: str | None, lang: str, stamp: tuple[int, int]
    ) -> tuple[Any, str, dict[str, Any], list[dict[str, Any]]]:
        from ..periods import get_period

        set_lang(lang)
        kept = self.snapshots.get(stamp, period or "", self.today(), lang)
        if kept is not None:  # computed for this very content before (the app restarted)
            shown: tuple[Any, str, dict[str, Any], list[dict[str, Any]]] = (None, *kept)
            with self._board_lock:
                self._shown[(period or "", lang)] = (stamp, shown)
                self._shown[(kept[0], lang)] = (stamp, shown)
            # (the other pages need the master itself: loaded beside, not in the board thread,
            # and a moment later: the first page goes out first)
            t = threading.Timer(PRELOAD_DELAY_S, self._preload)
            t.daemon = True
            t.start()
            return shown
        master, got = self.cache.get_with_stamp()
        code: str | None = None
        if period:
            try:
                code = get_period(master, period).code
            except SheettoolsError:
                code = None
        code = code or desk.default_period(master, self.today())
        key = (got, code, self.today(), lang)
        with self._board_lock:
            hit = self._boards.get(key)
        if hit is None:
            same = self._same_figures(master, code, lang)
            if same is not None:  # (nothing the board shows changed: no analysis)
                hit = (master, code, same[2], same[3])
            else:
                b = desk.board(master, code, self.today(), master_path=self.master)
                hit = (master, code, b, desk.period_choices(master))
            with self._board_lock:
                self._boards = {k: v for k, v in self._boards.items() if k[0] == got}
                self._boards[key] = hit
            self._keep_figures(hit, lang)
        self.snapshots.put(got, period or "", code, self.today(), lang, hit[2], hit[3])
        with self._board_lock:  # (without the master: an old one is not kept in memory)
            shown = (None, hit[1], hit[2], hit[3])
            self._shown[(period or "", lang)] = (got, shown)
            self._shown[(code, lang)] = (got, shown)
        return hit

    def _same_figures(
        self, master: Any, code: str, lang: str
    ) -> tuple[Any, str, dict[str, Any], list[dict[str, Any]]] | None:
        """The board computed from the previous load of the master, when this load holds the
        same figures (``desk.same_figures``: a save that only added a log line, e.g. a mail
        sent from a terminal) and the period's rejected files are the same too."""
        today = self.today()
        q = desk.quarantine_stamp(self.master, code)
        with self._board_lock:
            prev = self._figures.get((code, today, lang))
        if (
            prev is None
            or prev[0] is master
            or prev[1] != q
            or not desk.same_figures(prev[0], master)
        ):
            return None
        return prev[2]

    def _keep_figures(self, hit: tuple, lang: str) -> None:
        """What ``_same_figures`` compares with next time (only the latest master is kept)."""
        master, code = hit[0], hit[1]
        q = desk.quarantine_stamp(self.master, code)
        with self._board_lock:
            kept = {k: v for k, v in self._figures.items() if v[0] is master}
            kept[(code, self.today(), lang)] = (master, q, hit)
            self._figures = kept

    def _preload(self) -> None:
        with contextlib.suppress(Exception):  # (a page that needs it will say what is wrong)
            self.cache.get()

    def warm(self, period: str | None = None) -> None:
        """Compute the board in the background (after a change), so the page answers at once:
        for ``period`` in the app's language, then for the boards the clerk asked for last
        (another period, the other language; at most three)."""
        with contextlib.suppress(OSError):
            self._compute(period, self.lang or get_lang())
            with self._board_lock:
                recent = list(self._recent)
            for asked, lang in recent:
                self._compute(asked, lang)

    def watch(self, every: float = 2.0) -> None:
        """Warm the board whenever the master changes (also when the CLI or Excel saved it)."""
        if self._watching:
            return
        self._watching = True

        def loop() -> None:
            last = None
            while self._watching:
                try:
                    stamp = self.cache.stamp()
                except OSError:
                    stamp = None
                if stamp is not None and stamp != last:
                    last = stamp
                    self.warm()
                time.sleep(every)

        threading.Thread(target=loop, name="sheettools-watch", daemon=True).start()

    def today(self) -> dt.date:
        return self.clock().date()

    def start(self, kind: str, title: str, fn: Callable[[Job], Any], lang: str, **ctx) -> Job:
        """Run ``fn(job)`` in a thread, alone: while another action runs, a ``BusyError``."""
        if not self.busy.acquire(blocking=False):
            raise BusyError(
                tr(
                    "Một thao tác khác đang chạy. Chờ nó xong rồi bấm lại.",
                    "Another action is running. Wait for it to finish, then try again.",
                )
            )
        job = Job(uuid.uuid4().hex[:12], title, kind, context=ctx)
        done = [k for k, v in self.jobs.items() if v.finished]
        for k in done[:-20]:  # (a page may still poll one of the recent ones)
            del self.jobs[k]
        self.jobs[job.id] = job

        def run() -> None:
            set_lang(lang)
            try:
                before = self.cache.stamp()
            except OSError:
                before = None
            try:
                job.result = fn(job)
                self._refresh_board(job, before, ctx.get("period"))
            except SheettoolsError as exc:
                job.error = exc.one_line()
            except OSError as exc:
                where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
                job.error = where + (exc.strerror or str(exc))
            except Exception as exc:  # a bug: say so in one line, keep the details in the log
                traceback.print_exc()
                job.error = tr("Lỗi không mong đợi", "Unexpected error") + f": {exc!r}"
            finally:
                job.finished = True
                self.busy.release()
                self.warm(ctx.get("period"))  # (after a failure the master may have changed too)

        threading.Thread(target=run, name=f"sheettools-{kind}", daemon=True).start()
        return job

    def _refresh_board(self, job: Job, before: tuple[int, int] | None, period: str | None) -> None:
        """After an action that wrote the master, compute the new board before the action
        reports done: the board the clerk opens next answers at once (it costs about a second
        on a master of 200,000 report rows; the progress bar says what is happening)."""
        try:
            if self.cache.stamp() == before:
                return
        except OSError:
            return
        job.item = tr("Cập nhật bảng theo dõi", "Updating the board")
        job.done = job.total = job.total or 1
        try:
            self._compute(period, get_lang()).result()
        except Exception:  # (the board page will say what is wrong when it is asked for)
            pass


class BusyError(SheettoolsError):
    """Another action is running (a double click)."""


# --- templates -------------------------------------------------------------------------------


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("sheettools.web", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["tr"] = tr
    env.filters["vndate"] = _vndate
    env.filters["vntime"] = _vntime
    env.filters["num"] = _num
    env.filters["plabel"] = _period_label
    env.filters["reason_in_words"] = lambda f: desk.reason_in_words(
        f.get("reason_code") or "", f.get("reason") or ""
    )
    env.filters["q"] = lambda v: quote(str(v), safe="")
    env.filters["problem"] = problems.describe  # a flag in words: label and detail
    env.filters["problem_label"] = problems.label
    return env


def _vndate(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        d = dt.date.fromisoformat(str(iso)[:10])
    except ValueError:
        return str(iso)
    return d.strftime("%d/%m/%Y")


def _period_label(label: str | None, code: str) -> str:
    """A period's name in the page's language (``docinfo.label_of``)."""
    from ..docinfo import label_of

    return label_of(code, label)


def _num(n: Any) -> str:
    """A whole number as people write it: 162.000 in Vietnamese, 162,000 in English."""
    if not isinstance(n, int) or isinstance(n, bool):
        return "" if n is None else str(n)
    text = f"{n:,}"
    return text.replace(",", ".") if get_lang() == "vi" else text


def _vntime(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        t = dt.datetime.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    return t.strftime("%d/%m/%Y %H:%M")


TEMPLATES = _env()

NAV = [
    ("board", "/", ("Kỳ báo cáo", "Period board")),
    ("receive", "/receive", ("Nhận báo cáo", "Receive returns")),
    ("send", "/send", ("Gửi đi", "Send out")),
    ("plan", "/plan", ("Kế hoạch", "Plan")),
    ("report", "/report", ("Báo cáo quý", "Quarterly report")),
    ("log", "/log", ("Nhật ký", "Log")),
]


def _desk(request: Request) -> Desk:
    return request.app.state.desk


def _period(request: Request, master: Any) -> str:
    from ..periods import get_period

    raw = request.query_params.get("period") or request.session.get("period")
    if raw:
        try:
            return get_period(master, raw).code
        except SheettoolsError:
            pass
    return desk.default_period(master, _desk(request).today())


def page(request: Request, template: str, active: str, **ctx: Any) -> HTMLResponse:
    d = _desk(request)
    master = ctx.get("master_obj")
    periods = ctx.pop("period_list", None)
    if periods is None:
        periods = desk.period_choices(master) if master is not None else []
    nav = ctx.pop("nav", NAV)
    html = TEMPLATES.get_template(template).render(
        request=request,
        nav=nav,
        active=active,
        lang=get_lang(),
        csrf=request.session.get("csrf", ""),
        master_name=d.master.name,
        master_dir=str(d.master.parent),
        excel_open=desk.excel_has_it_open(d.master),
        periods=periods,
        today=d.today().isoformat(),
        path=request.url.path,
        query=request.url.query,
        **ctx,
    )
    return HTMLResponse(html)


def fragment(template: str, request: Request, **ctx: Any) -> HTMLResponse:
    html = TEMPLATES.get_template(template).render(
        request=request, lang=get_lang(), csrf=request.session.get("csrf", ""), **ctx
    )
    return HTMLResponse(html)


def error_fragment(request: Request, message: str, status: int = 200) -> HTMLResponse:
    r = fragment("_error.html", request, message=message)
    r.status_code = status
    return r


# --- pages -----------------------------------------------------------------------------------


async def board_page(request: Request) -> Response:
    from starlette.concurrency import run_in_threadpool

    d = _desk(request)
    wanted = request.query_params.get("period") or request.session.get("period")
    master, period, b, periods, stale = await run_in_threadpool(d.board, wanted, wait=BOARD_WAIT_S)
    if b is not None:
        request.session["period"] = period
    return page(request, "board.html", "board", master_obj=master, period=period, b=b,
                period_list=periods, stale=stale)  # fmt: skip


async def board_ready(request: Request) -> Response:
    """Polled by a board showing the previous figures: a full reload once the new ones are
    computed (htmx's ``HX-Refresh``), else nothing."""
    from starlette.concurrency import run_in_threadpool

    period = request.query_params.get("period") or None
    if await run_in_threadpool(_desk(request).board_ready, period):
        return Response(status_code=200, headers={"HX-Refresh": "true"})
    return Response(status_code=204)


async def unit_page(request: Request) -> Response:
    d = _desk(request)
    master = d.cache.get()
    period = _period(request, master)
    u = desk.unit_reports(master, period, request.path_params["code"])
    return page(request, "unit.html", "board", master_obj=master, period=period, u=u)


async def task_page(request: Request) -> Response:
    d = _desk(request)
    master = d.cache.get()
    period = _period(request, master)
    t = desk.task_reports(master, period, request.path_params["key"])
    return page(request, "task.html", "board", master_obj=master, period=period, t=t)


async def receive_page(request: Request) -> Response:
    master = _desk(request).cache.get()
    period = _period(request, master)
    lim = {"files": MAX_UPLOAD_FILES, "mib": MAX_FILE_BYTES // 2**20}
    d = _desk(request)
    return page(request, "receive.html", "receive", master_obj=master, period=period, lim=lim,
                mailbox=_mail_configured(d.master), needs_password=_needs_password(d.master))  # fmt: skip


async def send_page(request: Request) -> Response:
    d = _desk(request)
    master = d.cache.get()
    period = _period(request, master)
    from ..mail_config import DESK_KEYS, find_config, load_config

    files = desk.outbox_files(d.master, period)
    names = {u.code: u.name for u in master.units}
    config = find_config(None, d.master)
    mailbox = {k: getattr(load_config(None, d.master), k) for k in DESK_KEYS}
    return page(
        request, "send.html", "send", master_obj=master, period=period, files=files, names=names,
        config=str(config) if config else "", mailbox=mailbox,
    )  # fmt: skip


async def plan_page(request: Request) -> Response:
    master = _desk(request).cache.get()
    period = _period(request, master)
    p = desk.plan_overview(master)
    return page(request, "plan.html", "plan", master_obj=master, period=period, p=p)


async def report_page(request: Request) -> Response:
    from ..docinfo import letterhead

    d = _desk(request)
    master = d.cache.get()
    period = _period(request, master)
    out = desk.folders(d.master).reports
    made = sorted(out.glob(f"*{period}*")) if out.is_dir() else []
    return page(
        request, "report.html", "report", master_obj=master, period=period,
        made=[f.name for f in made if f.is_file()], word=_word_report_available(),
        placeholders=[r["label"] for r in letterhead(master) if r["placeholder"]],
    )  # fmt: skip


async def log_page(request: Request) -> Response:
    master = _desk(request).cache.get()
    period = _period(request, master)
    rows = desk.log_entries(master)
    return page(request, "log.html", "log", master_obj=master, period=period, rows=rows)


def _word_report_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("sheettools.report") is not None


# --- actions ---------------------------------------------------------------------------------


async def receive_action(request: Request) -> Response:
    d = _desk(request)
    length = int(request.headers.get("content-length") or 0)
    if length > MAX_REQUEST_BYTES:
        return error_fragment(
            request,
            tr(
                f"Gửi lên quá nhiều dữ liệu một lần (giới hạn {MAX_REQUEST_BYTES // 2**20} MiB). "
                "Hãy chia thành nhiều lần.",
                f"Too much data at once (limit {MAX_REQUEST_BYTES // 2**20} MiB). Send it in parts.",
            ),
            413,
        )
    form = await request.form(max_files=MAX_UPLOAD_FILES, max_fields=20)
    period = str(form.get("period") or "")
    uploads: list[tuple[str, bytes]] = []
    too_big: list[str] = []
    total = 0
    for item in form.getlist("files"):
        if isinstance(item, str) or not getattr(item, "filename", None):
            continue
        data = await item.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            too_big.append(item.filename or "")
            continue
        total += len(data)
        if total > MAX_REQUEST_BYTES:  # (a request without Content-Length)
            too_big.append(item.filename or "")
            break
        uploads.append((item.filename or "", data))
    await form.close()
    if too_big:
        return error_fragment(
            request,
            tr(
                f"Tệp lớn hơn {MAX_FILE_BYTES // 2**20} MiB, không nhận: ",
                f"Files over {MAX_FILE_BYTES // 2**20} MiB, not taken: ",
            )
            + ", ".join(too_big),
            413,
        )
    if not uploads:
        return error_fragment(request, tr("Chưa chọn tệp nào.", "No files chosen."), 400)

    def merge(progress: Callable[..., None]) -> dict[str, Any]:
        return desk.receive_files(d.master, uploads, period, now=d.clock(), progress=progress)

    title = tr("Đang đọc và gộp", "Reading and merging")
    return _start_receive(request, period, title, merge, total=len(uploads))


def _start_receive(
    request: Request, period: str, title: str, merge: Callable[..., dict[str, Any]], total: int = 0
) -> Response:
    """Start a job that merges returns (``merge(progress)``), each file with its days late and
    its unit's name (what "Nhận báo cáo" shows)."""
    from ..periods import get_period

    d = _desk(request)

    def run(job: Job) -> Any:
        def progress(done: int, total: int, item: str = "") -> None:
            job.done, job.total, job.item = done, total, Path(item).name

        job.total = total
        return desk.mark_late(merge(progress), due)

    master = d.cache.get()
    names = {u.code: u.name for u in master.units}
    try:
        due = get_period(master, period).due_date
    except SheettoolsError:
        due = None
    return _started(request, "receive", title, run, period=period, names=names)


async def mailbox_receive_action(request: Request) -> Response:
    """Fetch the returns from the office mailbox (IMAP) and merge them."""
    from ..mail_config import load_config

    d = _desk(request)
    form = await request.form(max_files=0, max_fields=10)
    period = str(form.get("period") or "")
    password = str(form.get("password") or "")

    def merge(progress: Callable[..., None]) -> dict[str, Any]:
        cfg = load_config(None, d.master)
        cfg.password = password  # (typed for this fetch; never kept)
        return desk.receive_from_mailbox(d.master, period, config=cfg, now=d.clock(),
                                         progress=progress)  # fmt: skip

    return _start_receive(request, period, tr("Đang lấy thư và gộp", "Fetching and merging"), merge)


async def split_action(request: Request) -> Response:
    from ..split import split_workbooks

    d = _desk(request)
    form = await request.form()
    period = str(form.get("period") or "")
    outdir = desk.folders(d.master).outbox / period

    def run(job: Job) -> Any:
        def progress(done: int, total: int, item: str = "") -> None:
            job.done, job.total, job.item = done, total, item

        return split_workbooks(
            d.master, period, outdir, force=True, now=d.clock(), progress=progress
        )

    return _started(request, "split", tr("Đang tách sổ", "Splitting"), run, period=period)


async def mail_action(request: Request) -> Response:
    """Send the period's workbooks (``dry_run``: write the messages to read them first)."""
    from ..mail import send_workbooks
    from ..mail_config import load_config

    d = _desk(request)
    form = await request.form()
    period = str(form.get("period") or "")
    dry = form.get("dry_run") == "1"
    units = [str(u) for u in form.getlist("unit") if u] or None
    outdir = desk.folders(d.master).outbox / period
    password = "" if dry else str(form.get("password") or "")

    def run(job: Job) -> Any:
        def progress(done: int, total: int, item: str = "") -> None:
            job.done, job.total, job.item = done, total, item

        cfg = load_config(None, d.master)
        cfg.password = password  # (typed for this sending; never kept)
        res = send_workbooks(outdir, d.master, config=cfg, now=d.clock(), units=units,
                             dry_run=dry, progress=progress)  # fmt: skip
        res["previews"] = _previews(res.get("rows", []))
        return res

    title = tr("Đang soạn thư", "Writing the messages") if dry else tr("Đang gửi", "Sending")
    return _started(request, "mail", title, run, period=period, dry=dry, units=units or [],
                    configured=_mail_configured(d.master),
                    needs_password=_needs_password(d.master))  # fmt: skip


async def remind_action(request: Request) -> Response:
    from ..mail import remind_units
    from ..mail_config import load_config

    d = _desk(request)
    form = await request.form()
    period = str(form.get("period") or "")
    dry = form.get("dry_run") == "1"
    units = [str(u) for u in form.getlist("unit") if u] or None  # (those previewed)
    outdir = desk.folders(d.master).outbox / period
    password = "" if dry else str(form.get("password") or "")

    def run(job: Job) -> Any:
        cfg = load_config(None, d.master)
        cfg.password = password  # (typed for this sending; never kept)
        res = remind_units(d.master, period, config=cfg, as_of=d.today(), now=d.clock(),
                           outbox=outdir if outdir.is_dir() else None, dry_run=dry,
                           units=units)  # fmt: skip
        res["previewed_units"] = sorted({r["unit"] for r in res.get("rows", [])})
        res["previews"] = _previews(res.get("rows", []))
        return res

    title = tr("Đang soạn thư nhắc", "Writing reminders") if dry else tr("Đang nhắc", "Reminding")
    return _started(request, "remind", title, run, period=period, dry=dry, units=units or [],
                    configured=_mail_configured(d.master),
                    needs_password=_needs_password(d.master))  # fmt: skip


def _mail_configured(master: Path) -> bool:
    """Whether a mail server is set up (a sheettools.toml found): else sending is not offered."""
    from ..mail_config import find_config

    try:
        return find_config(None, master) is not None
    except SheettoolsError:
        return False


def _needs_password(master: Path) -> bool:
    """Whether sending needs the mailbox password typed on the page (a user is set up, and no
    environment variable or keyring holds its password)."""
    from ..mail_config import get_password, load_config

    try:
        cfg = load_config(None, master)
    except SheettoolsError:
        return False
    return bool(cfg.user) and get_password(cfg, cfg.user) is None


async def mailbox_action(request: Request) -> Response:
    from ..mail_config import DESK_KEYS, save_mail_settings

    d = _desk(request)
    form = await request.form(max_files=0, max_fields=len(DESK_KEYS) + 4)
    values = {k: str(form.get(k) or "") for k in DESK_KEYS if k in form}

    def run(job: Job) -> Any:
        return save_mail_settings(d.master, values)

    return _started(request, "mailbox", tr("Đang lưu cài đặt hộp thư", "Saving the mailbox"), run)


def _previews(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for r in rows:
        eml = r.get("eml")
        if eml and eml not in seen and Path(eml).exists():
            seen[eml] = desk.eml_preview(eml) | {"unit": r.get("unit", "")}
    return list(seen.values())


async def _committee_action(
    request: Request, kind: str, name: str, write: Any, title: tuple[str, str]
) -> Response:
    """Write the period's committee document (`kind`) into the desk's reports folder, as a
    job: the consolidated workbook and the Word report go the same way."""
    d = _desk(request)
    form = await request.form()
    period = str(form.get("period") or "")
    out = desk.folders(d.master).reports
    target = out / name.format(period=period)

    def run(job: Job) -> Any:
        out.mkdir(parents=True, exist_ok=True)
        return write(d.master, period, target, as_of=d.today(), force=True) | {"name": target.name}

    return _started(request, kind, tr(*title), run, period=period)


async def summary_action(request: Request) -> Response:
    from ..summary import write_summary

    return await _committee_action(request, "summary", "TONGHOP_{period}.xlsx", write_summary,
                                   ("Đang lập bảng tổng hợp", "Writing the summary"))  # fmt: skip


async def word_action(request: Request) -> Response:
    from ..report import write_report

    return await _committee_action(request, "word", "BAOCAO_{period}.docx", write_report,
                                   ("Đang lập báo cáo Word", "Writing the Word report"))  # fmt: skip


async def map_action(request: Request) -> Response:
    d = _desk(request)
    form = await request.form()
    fragment_text, unit = str(form.get("fragment") or ""), str(form.get("unit") or "")

    def run(job: Job) -> Any:
        if unit == desk.NEW_UNIT:  # a body the office's list lacks: a unit of its own
            res = desk.add_unit(d.master, fragment_text, now=d.clock())
            added = ", ".join(f"{u['code']} ({u['name']})" for u in res["added"])
            return {"fragment": fragment_text, "unit": added, "left": res["left"], "new": True}
        left = desk.map_unit_name(d.master, fragment_text, unit, now=d.clock())
        return {"fragment": fragment_text, "unit": unit, "left": left}

    return _started(request, "map", tr("Đang nhận lại tên đơn vị", "Resolving unit names"), run)


async def group_action(request: Request) -> Response:
    """The plan page's "units of this group": names, one a line, put in the group."""
    d = _desk(request)
    form = await request.form(max_files=0, max_fields=8)
    group, names = str(form.get("group") or ""), str(form.get("names") or "")

    def run(job: Job) -> Any:
        return desk.fill_group(d.master, group, names, now=d.clock())

    return _started(
        request, "group", tr("Đang thêm đơn vị vào nhóm", "Putting units in the group"), run
    )


async def lead_action(request: Request) -> Response:
    """The plan page's "lead unit of this task": names (``;`` or one a line) for one task."""
    d = _desk(request)
    form = await request.form(max_files=0, max_fields=8)
    key, names = str(form.get("key") or ""), str(form.get("names") or "")

    def run(job: Job) -> Any:
        return desk.set_lead(d.master, key, names, now=d.clock())

    return _started(
        request, "lead", tr("Đang giao đơn vị chủ trì", "Giving the task its lead unit"), run
    )


async def office_action(request: Request) -> Response:
    from ..docinfo import OFFICE_KEYS

    d = _desk(request)
    form = await request.form(max_files=0, max_fields=len(OFFICE_KEYS) + 4)
    values = {k: str(form.get(k) or "") for k in OFFICE_KEYS if k in form}

    def run(job: Job) -> Any:
        return desk.set_office(d.master, values, now=d.clock())

    return _started(request, "office", tr("Đang lưu tiêu đề văn bản", "Saving the letterhead"), run)


async def units_action(request: Request) -> Response:
    """The plan page's units table: each unit's name, level and addresses."""
    d = _desk(request)
    form = await request.form(max_files=0, max_fields=5000)
    changes: dict[str, dict[str, str]] = {}
    for key, value in form.items():
        field, _, code = key.partition("_")
        if field in desk.UNIT_FIELDS and code:
            changes.setdefault(code, {})[field] = str(value)

    def run(job: Job) -> Any:
        return desk.set_units(d.master, changes, now=d.clock())

    return _started(request, "units", tr("Đang lưu danh sách đơn vị", "Saving the units"), run)


async def merge_units_action(request: Request) -> Response:
    """The plan page's "merge two units": one unit's tasks and names go to another."""
    d = _desk(request)
    form = await request.form(max_files=0, max_fields=8)
    code, into = str(form.get("code") or ""), str(form.get("into") or "")

    def run(job: Job) -> Any:
        return desk.merge_unit(d.master, code, into, now=d.clock())

    return _started(request, "merge_units", tr("Đang gộp đơn vị", "Merging the units"), run)


async def _plan_uploads(form: Any) -> tuple[Path | None, Path | None]:
    """The plan file and the optional unit list of a form, saved in a new temporary folder
    under safe names (the plan: None when no file was chosen)."""
    import tempfile

    plan, units = form.get("plan"), form.get("units")
    if plan is None or isinstance(plan, str) or not plan.filename:
        return None, None
    tmp = Path(tempfile.mkdtemp(prefix="sheettools-plan-"))
    plan_path = tmp / desk.safe_file_name(plan.filename, ".txt")
    plan_path.write_bytes(await plan.read(MAX_FILE_BYTES))
    units_path = None
    if units is not None and not isinstance(units, str) and units.filename:
        units_path = tmp / desk.safe_file_name(units.filename)
        units_path.write_bytes(await units.read(MAX_FILE_BYTES))
    return plan_path, units_path


async def setup_page(request: Request) -> Response:
    d = _desk(request)
    if d.master.exists():
        return RedirectResponse("/plan", 303)
    from ..docinfo import DOC_DEFAULTS, OFFICE_LABELS

    fields = [
        {"key": k, "label": tr(*OFFICE_LABELS[k]), "default": DOC_DEFAULTS[k]}
        for k in SETUP_OFFICE_KEYS
    ]
    return page(request, "setup.html", "", nav=[], fields=fields)


SETUP_OFFICE_KEYS = ("doc_governing_body", "doc_issuing_body", "doc_place", "doc_signer_title")


async def setup_action(request: Request) -> Response:

    d = _desk(request)
    if d.master.exists():
        return error_fragment(request, tr("Sổ chính đã có.", "The master already exists."), 409)
    form = await request.form(max_files=2, max_fields=20)
    plan_path, units_path = await _plan_uploads(form)
    if plan_path is None:
        return error_fragment(request, tr("Chưa chọn tệp kế hoạch.", "No plan file chosen."), 400)
    year = str(form.get("year") or "").strip()
    office = {k: str(form.get(k) or "") for k in SETUP_OFFICE_KEYS}

    def run(job: Job) -> Any:
        return desk.create_master(plan_path, d.master, units=units_path, office=office,
                                  year=int(year) if year.isdigit() else None, now=d.clock())  # fmt: skip

    return _started(request, "setup", tr("Đang tạo sổ chính", "Making the master"), run)


async def import_action(request: Request) -> Response:

    from ..planimport import import_plan, parse_map_options

    d = _desk(request)
    form = await request.form(max_files=2, max_fields=20)
    plan_path, units_path = await _plan_uploads(form)
    if plan_path is None:
        return error_fragment(request, tr("Chưa chọn tệp kế hoạch.", "No plan file chosen."), 400)
    year = str(form.get("year") or "").strip()
    maps = [f"{r}={str(form.get('map_' + r)).strip()}" for r in MAP_ROLES
            if str(form.get("map_" + r) or "").strip()]  # fmt: skip
    mapping = parse_map_options(maps) or None  # the column mapping of `plan import --map`

    def run(job: Job) -> Any:
        return import_plan(plan_path, d.master, units=units_path, force=True, mapping=mapping,
                           year=int(year) if year.isdigit() else None, now=d.clock())  # fmt: skip

    return _started(request, "import", tr("Đang nhập kế hoạch", "Importing the plan"), run)


def _started(request: Request, kind: str, title: str, fn: Callable[[Job], Any], **ctx) -> Response:
    try:
        job = _desk(request).start(kind, title, fn, get_lang(), **ctx)
    except BusyError as exc:
        return error_fragment(request, exc.one_line(), 409)
    return fragment("_job.html", request, job=job)


async def job_status(request: Request) -> Response:
    job = _desk(request).jobs.get(request.path_params["job"])
    if job is None:
        return error_fragment(request, tr("Không còn thao tác này.", "No such action."), 404)
    return fragment("_job.html", request, job=job)


# --- downloads -------------------------------------------------------------------------------


def _download(path: Path) -> Response:
    if not path.is_file():
        return PlainTextResponse(tr("Không có tệp này.", "No such file."), 404)
    return FileResponse(path, filename=path.name)


def _inside(folder: Path, name: str) -> Path:
    """``folder/name`` for a plain file name only (no way out of the folder)."""
    if not name or name != Path(name).name or name.startswith("."):
        return folder / "\x00invalid"
    return folder / name


async def outbox_zip(request: Request) -> Response:
    d = _desk(request)
    period = request.query_params.get("period", "")
    try:
        data = desk.outbox_zip(d.master, period)
    except SheettoolsError as exc:
        return PlainTextResponse(exc.one_line(), 404)
    name = f"{Path(d.master).stem}_{period}_gui-di.zip"
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )


async def outbox_file(request: Request) -> Response:
    d = _desk(request)
    period = request.query_params.get("period", "")
    folder = desk.folders(d.master).outbox / desk.safe_file_name(period, "")
    return _download(_inside(folder, request.query_params.get("name", "")))


async def report_file(request: Request) -> Response:
    folder = desk.folders(_desk(request).master).reports
    return _download(_inside(folder, request.query_params.get("name", "")))


# --- language, login -------------------------------------------------------------------------


async def set_language(request: Request) -> Response:
    lang = request.path_params["lang"]
    if lang in ("vi", "en"):
        request.session["lang"] = lang
    back = request.query_params.get("next") or "/"
    if not back.startswith("/") or back.startswith("//"):
        back = "/"
    return RedirectResponse(back, 303)


async def login_page(request: Request) -> Response:
    if request.method == "POST":
        form = await request.form()
        given = str(form.get("password") or "")
        wanted = _desk(request).password or ""
        if _csrf_ok(request, form) and hmac.compare_digest(given.encode(), wanted.encode()):
            request.session["auth"] = True
            return RedirectResponse("/", 303)
        bad = True
        await asyncio.sleep(LOGIN_DELAY_S)  # (guessing is slow)
    else:
        bad = False
    html = TEMPLATES.get_template("login.html").render(
        request=request, lang=get_lang(), csrf=request.session.get("csrf", ""), bad=bad
    )
    return HTMLResponse(html, 401 if bad else 200)


def _csrf_ok(request: Request, form: Any = None) -> bool:
    token = request.session.get("csrf", "")
    given = request.headers.get("x-csrf-token") or (form.get("csrf") if form else "") or ""
    if not token or not hmac.compare_digest(str(given), token):
        return False
    origin = request.headers.get("origin")
    if origin and origin != "null":
        host = request.headers.get("host", "")
        if origin.split("://", 1)[-1] != host:
            return False
    return True


# --- middleware ------------------------------------------------------------------------------


class DeskMiddleware:
    """Per request: the language, the CSRF token, the password gate, the CSRF check on POST,
    and library errors turned into a page (or a fragment for htmx) with the one-line
    message."""

    OPEN = ("/static/", "/login", "/lang/")

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        session = scope.get("session", {})
        set_lang(session.get("lang") or scope["app"].state.lang)
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(24)
        path = scope["path"]
        desk_: Desk = scope["app"].state.desk
        if desk_.password and not session.get("auth") and not path.startswith(self.OPEN):
            resp: Response = RedirectResponse("/login", 303)
            await resp(scope, receive, send)
            return
        if not path.startswith((*self.OPEN, "/setup", "/jobs/")) and not desk_.master.exists():
            resp = RedirectResponse("/setup", 303)  # a new office: make the master first
            await resp(scope, receive, send)
            return
        if scope["method"] == "POST" and path != "/login":
            ok = _csrf_ok(request)
            if not ok and "x-csrf-token" not in request.headers:
                # a plain form: the token is a field (read here, then replayed to the route)
                body = await request.body()
                form = await request.form()
                ok = _csrf_ok(request, form)
                receive = _replay(body)
            if not ok:
                resp = PlainTextResponse(
                    tr(
                        "Yêu cầu bị từ chối (thiếu mã bảo vệ). Tải lại trang rồi thử lại.",
                        "Request refused (missing protection token). Reload the page and retry.",
                    ),
                    403,
                )
                await resp(scope, receive, send)
                return
        try:
            await self.app(scope, receive, send)
        except SheettoolsError as exc:
            if request.headers.get("hx-request"):
                resp = error_fragment(request, exc.one_line(), 200)
            else:
                from ..store import previous_path

                query = scope.get("query_string", b"").decode("latin-1")
                resp = HTMLResponse(
                    TEMPLATES.get_template("error.html").render(
                        request=request, lang=get_lang(), message=exc.one_line(), nav=NAV,
                        active="", csrf=session.get("csrf", ""), path=path, query=query,
                        master_name=desk_.master.name, master_dir=str(desk_.master.parent),
                        master_path=str(desk_.master), prev_name=previous_path(desk_.master).name,
                        back=_back(request, path, query), periods=[], excel_open=False,
                    ),
                    400,
                )  # fmt: skip
            await resp(scope, receive, send)


def _back(request: Request, path: str, query: str) -> str:
    """The page of this app the clerk came from (the Referer), when it is another page: where
    the error page's "back" link goes ("" when unknown)."""
    from urllib.parse import urlsplit

    ref = urlsplit(request.headers.get("referer") or "")
    if ref.netloc != request.headers.get("host", "") or not ref.path.startswith("/"):
        return ""
    if ref.path.startswith(("/login", "/lang/", "/static/")) or (ref.path, ref.query) == (
        path,
        query,
    ):
        return ""
    return ref.path + (f"?{ref.query}" if ref.query else "")


def _replay(body: bytes) -> Any:
    sent = False

    async def receive() -> dict:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


# --- the app ---------------------------------------------------------------------------------


def create_app(
    master: str | Path,
    *,
    clock: Clock | None = None,
    password: str | None = None,
    hosts: list[str] | None = None,
    lang: str | None = None,
    cache: desk.MasterCache | None = None,
) -> Starlette:
    """The ASGI app for ``master`` (``sheettools app`` serves it with uvicorn).

    ``clock`` gives the current time (default: the computer's); ``hosts`` the Host names the
    app answers to (default 127.0.0.1 and localhost); ``cache`` the master already loaded
    (``sheettools app`` loads it to refuse a broken one before serving)."""
    path = Path(master).resolve()
    # a master not made yet (a new office): the first page makes it from the plan (/setup)
    if not path.is_file() and (path.exists() or path.suffix.lower() != ".xlsx"
                               or not path.parent.is_dir()):  # fmt: skip
        from ..errors import FileError

        raise FileError(
            tr("Không thấy sổ chính", "Master workbook not found"),
            hint=tr("Kiểm tra đường dẫn (sổ chính mới phải là tệp .xlsx trong một thư mục có sẵn)",
                    "Check the path (a new master is an .xlsx file in an existing folder)"),
            location=str(path),
        )  # fmt: skip
    routes = [
        Route("/", board_page),
        Route("/board/ready", board_ready),
        Route("/unit/{code}", unit_page),
        Route("/task/{key}", task_page),
        Route("/receive", receive_page),
        Route("/receive", receive_action, methods=["POST"]),
        Route("/receive/mailbox", mailbox_receive_action, methods=["POST"]),
        Route("/send", send_page),
        Route("/send/split", split_action, methods=["POST"]),
        Route("/send/mail", mail_action, methods=["POST"]),
        Route("/send/remind", remind_action, methods=["POST"]),
        Route("/send/mailbox", mailbox_action, methods=["POST"]),
        Route("/send/zip", outbox_zip),
        Route("/send/file", outbox_file),
        Route("/plan", plan_page),
        Route("/plan/map", map_action, methods=["POST"]),
        Route("/plan/group", group_action, methods=["POST"]),
        Route("/plan/lead", lead_action, methods=["POST"]),
        Route("/plan/import", import_action, methods=["POST"]),
        Route("/plan/office", office_action, methods=["POST"]),
        Route("/plan/units", units_action, methods=["POST"]),
        Route("/plan/units/merge", merge_units_action, methods=["POST"]),
        Route("/report", report_page),
        Route("/report/summary", summary_action, methods=["POST"]),
        Route("/report/word", word_action, methods=["POST"]),
        Route("/report/file", report_file),
        Route("/log", log_page),
        Route("/jobs/{job}", job_status),
        Route("/lang/{lang}", set_language),
        Route("/login", login_page, methods=["GET", "POST"]),
        Route("/setup", setup_page),
        Route("/setup", setup_action, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    allowed = sorted({"127.0.0.1", "localhost", *(hosts or [])})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        app.state.desk.watch()  # the board is computed ahead whenever the master changes
        yield
        app.state.desk._watching = False

    app = Starlette(
        lifespan=lifespan,
        routes=routes,
        middleware=[
            Middleware(TrustedHostMiddleware, allowed_hosts=allowed),
            Middleware(
                SessionMiddleware,
                secret_key=secrets.token_urlsafe(32),
                session_cookie="sheettools_session",
                same_site="strict",
            ),
            Middleware(DeskMiddleware),
        ],
    )
    app.state.desk = Desk(path, clock=clock or _now, password=password, lang=lang, cache=cache)
    for name in ("board.html", "error.html"):  # compiled now, not while the first page waits
        TEMPLATES.get_template(name)
    app.state.lang = lang
    return app


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone()


def app_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    return f"http://{shown}:{port}/"


__all__ = ["create_app", "app_url", "urlencode"]
