"""``sheettools app``: the clerk's desk, a local web app over the library (see ``app.py``)."""

from __future__ import annotations

import ipaddress
import os
import socket
import threading
import webbrowser
from pathlib import Path

from ..errors import InputError
from ..i18n import tr

DEFAULT_PORT = 8765

__all__ = ["DEFAULT_PORT", "run_app", "is_loopback"]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run_app(
    master: str | os.PathLike,
    *,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    open_browser: bool = True,
    password: str | None = None,
    lang: str | None = None,
    echo=print,
) -> None:
    """Serve the desk for ``master`` until Ctrl-C. Off the loopback address (``host`` for the
    office LAN) a password is required."""
    import uvicorn

    from .app import app_url, create_app

    if not is_loopback(host) and not password:
        raise InputError(
            tr(
                f"Mở cho mạng nội bộ ({host}) thì phải đặt mật khẩu",
                f"Serving on the network ({host}) needs a password",
            ),
            hint=tr(
                "Thêm --password MẬT-KHẨU (hoặc biến SHEETTOOLS_APP_PASSWORD)",
                "Add --password SECRET (or set SHEETTOOLS_APP_PASSWORD)",
            ),
        )
    cache = None
    if Path(master).is_file():  # (a master that lost a sheet is refused before serving)
        from ..desk import BoardSnapshots, MasterCache

        cache = MasterCache(Path(master).resolve())
        if not BoardSnapshots(cache.path).knows(cache.stamp()):
            cache.get()  # (and the app starts with it loaded: the first board need not load it)
        # (else this very content was loaded and shown before: the board it kept is shown at
        # once and the master loaded meanwhile)
    try:
        _check_port(host, port)
    except InputError:
        url = app_url(host, port)
        if not (open_browser and desk_answers(url)):
            raise
        # (the launcher double-clicked again: the desk already runs, open it)
        echo(
            tr(
                f"Bàn làm việc đã chạy ở {url} — mở trang đó trong trình duyệt (tên sổ ở góc "
                "trên bên trái).",
                f"The desk already runs at {url} — opening it in the browser (the master's "
                "name is at the top left).",
            )
        )
        webbrowser.open(url)
        return
    hosts = [host] if host not in ("0.0.0.0", "::") else [host, socket.gethostname()]
    if host in ("0.0.0.0", "::"):
        hosts += _own_addresses()
    app = create_app(Path(master), password=password, hosts=hosts, lang=lang, cache=cache)
    url = app_url(host, port)
    if not Path(master).exists():
        echo(
            tr(
                f"Chưa có sổ chính: trang {url} giúp tạo {Path(master).name} từ kế hoạch của văn "
                "phòng — giữ cửa sổ này mở; bấm Ctrl+C để dừng.",
                f"No master yet: the page at {url} makes {Path(master).name} from the office's "
                "plan — keep this window open; Ctrl+C stops it.",
            )
        )
    else:
        echo(
            tr(
                f"Bàn làm việc của sổ {Path(master).name} đang chạy ở {url} — giữ cửa sổ này mở; "
                "bấm Ctrl+C để dừng.",
                f"The desk for {Path(master).name} runs at {url} — keep this window open; "
                "Ctrl+C stops it.",
            )
        )
    if open_browser:
        threading.Timer(0.8, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def desk_answers(url: str) -> bool:
    """Whether a sheettools desk answers at ``url`` (its stylesheet says so)."""
    import urllib.request

    try:
        with urllib.request.urlopen(url + "static/app.css", timeout=2) as r:
            return bool(r.read(40).startswith(b"/* sheettools desk"))
    except (OSError, ValueError):
        return False


def _check_port(host: str, port: int) -> None:
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(fam, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except OSError as exc:
            raise InputError(
                tr(f"Cổng {port} đang bận hoặc không dùng được", f"Port {port} is busy or unusable")
                + f" ({exc.strerror or exc})",
                hint=tr(
                    f"Có thể ứng dụng đã chạy: mở http://127.0.0.1:{port}/ ; hoặc chọn --port khác",
                    f"It may already run: open http://127.0.0.1:{port}/ ; or pick another --port",
                ),
            ) from None


def _own_addresses() -> list[str]:
    try:
        return sorted({str(i[4][0]) for i in socket.getaddrinfo(socket.gethostname(), None)})
    except OSError:
        return []
