"""Where the office-editable templates live.

Look-up order for a template file name: ``$SHEETTOOLS_TEMPLATES`` (a folder), an explicit
``templates_dir`` argument, ``./workbook_templates`` in the working folder, then the defaults
shipped with the package (``sheettools/templates``). A file present in an earlier folder
overrides the default entirely; JSON templates are merged key by key over the defaults so the
office can restyle just the parts it cares about.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .errors import TemplateError
from .i18n import tr

PACKAGE_DIR = Path(__file__).resolve().parent / "templates"


def template_dirs(templates_dir: str | os.PathLike | None = None) -> list[Path]:
    dirs: list[Path] = []
    env = os.environ.get("SHEETTOOLS_TEMPLATES")
    if env:
        dirs.append(Path(env))
    if templates_dir:
        dirs.append(Path(templates_dir))
    dirs.append(Path.cwd() / "workbook_templates")
    dirs.append(PACKAGE_DIR)
    seen: list[Path] = []
    for d in dirs:
        if d.is_dir() and d.resolve() not in [s.resolve() for s in seen]:
            seen.append(d)
    return seen


def find_template(name: str, templates_dir: str | os.PathLike | None = None) -> Path:
    for d in template_dirs(templates_dir):
        p = d / name
        if p.is_file():
            return p
    raise TemplateError(
        tr("Không tìm thấy mẫu", "Template not found") + f": {name}",
        hint=tr(
            "Đặt tệp mẫu vào thư mục workbook_templates/ hoặc cài lại sheettools",
            "Put the template in workbook_templates/ or reinstall sheettools",
        ),
    )


def load_template_json(name: str, templates_dir: str | os.PathLike | None = None) -> dict[str, Any]:
    """Defaults from the package, overridden key by key (deeply) by the office's copy."""
    layers: list[tuple[Path, dict[str, Any]]] = []
    for d in reversed(template_dirs(templates_dir)):
        p = d / name
        if not p.is_file():
            continue
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            line = getattr(exc, "lineno", None)
            raise TemplateError(
                tr("Mẫu JSON bị lỗi", "Broken JSON template") + f": {exc}",
                hint=tr(
                    "Sửa tệp mẫu (thường do thiếu dấu phẩy hoặc ngoặc kép) hoặc xóa nó để dùng mẫu mặc định",
                    "Fix the template (often a missing comma or quote) or delete it to use the default",
                ),
                file=str(p),
                row=line,
            ) from exc
        if not isinstance(data, dict):
            raise TemplateError(
                tr(
                    "Mẫu JSON phải là một đối tượng {...}",
                    "A JSON template must be an object {...}",
                ),
                file=str(p),
            )
        layers.append((p, data))
    if not layers:
        find_template(name, templates_dir)  # raises a clear error
    merged: dict[str, Any] = {}
    for _p, data in layers:
        _deep_merge(merged, data)
    return merged


def _deep_merge(base: dict[str, Any], over: dict[str, Any]) -> None:
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(base.get(k), dict):
            _deep_merge(base[k], v)
        else:
            base[k] = v
