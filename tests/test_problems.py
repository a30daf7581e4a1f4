"""The problem catalogue (sheettools.problems): every code a module emits is catalogued and
documented, and people read labels and hints, not codes."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sheettools import problems, safety
from sheettools.i18n import set_lang

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "sheettools"

# ---- the scanner: which codes the library emits ----------------------------------------------
# A code is emitted when a string literal (or an f-string's head before ": ", or a FLAG_*
# constant) is: appended/extended to something named *flag*; assigned to a name holding
# "flag", a FLAG_* or *REASON_CODES constant, ``first``, ``reason``, ``code``, ``reason_code``;
# passed as ``reject(code, ...)`` or the keyword ``reason_code=``/``flags=``; the value of a
# ``"reason"``/``"reason_code"`` dict key; the second item of a returned ``(value, flags)`` pair.
# Emit new codes in one of these shapes (and add them to the catalogue).

HEAD = re.compile(r"^([a-z][a-z0-9]*(?:_[a-z0-9]+)*)(?::|$)")


def _lit(node, consts):
    """The code a flag expression starts with, or None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        m = HEAD.match(node.value)
        return m.group(1) if m else None
    if isinstance(node, ast.JoinedStr) and node.values:
        first = node.values[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            m = HEAD.match(first.value)
            return m.group(1) if m and ":" in first.value else None
        if isinstance(first, ast.FormattedValue) and isinstance(first.value, ast.Name):
            return consts.get(first.value.id)
    if isinstance(node, ast.Name):
        return consts.get(node.id)
    return None


def _items(node):
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        for e in node.elts:
            yield from _items(e.value if isinstance(e, ast.Starred) else e)
    elif isinstance(node, ast.BinOp):
        yield from _items(node.left)
        yield from _items(node.right)
    elif isinstance(node, ast.IfExp):
        yield from _items(node.body)
        yield from _items(node.orelse)
    else:
        yield node


def emitted(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    consts = {}
    for n in ast.walk(tree):
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name):
            t = n.targets[0].id
            if (
                isinstance(n.value, ast.Constant)
                and isinstance(n.value.value, str)
                and t.startswith("FLAG_")
            ):
                consts[t] = n.value.value
    found = set()

    def add(node, where):
        for it in _items(node):
            c = _lit(it, consts)
            if c:
                found.add((c, where, getattr(it, "lineno", 0)))

    for n in ast.walk(tree):
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name):
            t = n.targets[0].id
            if t.startswith("FLAG_") or t.endswith("REASON_CODES"):
                add(n.value, t)
            elif "flag" in t.lower() or t in ("first", "reason", "code", "reason_code"):
                add(n.value, t)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute):
            obj = ast.unparse(n.func.value).lower()
            if n.func.attr in ("append", "extend") and "flag" in obj:
                for a in n.args:
                    add(a, obj)
            if n.func.attr == "reject" and n.args:
                add(n.args[0], "reject")
        if isinstance(n, ast.Call):
            for kw in n.keywords:
                if kw.arg in ("reason_code", "flags"):
                    add(kw.value, "kw")
        if isinstance(n, ast.Dict):
            for k, v in zip(n.keys, n.values, strict=True):
                if isinstance(k, ast.Constant) and k.value in ("reason", "reason_code"):
                    add(v, "dict reason")
        if (
            isinstance(n, ast.Return)
            and n.value is not None
            and isinstance(n.value, ast.Tuple)
            and len(n.value.elts) == 2
        ):
            add(n.value.elts[1], "return (value, flags)")
    return found


def emitted_codes() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in sorted(SRC.rglob("*.py")):
        if "cli" in p.relative_to(SRC).parts or p.name == "problems.py":
            continue
        for code, _where, line in emitted(p):
            out.setdefault(code, []).append(f"{p.relative_to(ROOT)}:{line}")
    return out


def test_every_emitted_code_is_in_the_catalogue():
    found = emitted_codes()
    lacking = {c: where for c, where in found.items() if c not in problems.CATALOGUE}
    assert not lacking, f"add these codes to src/sheettools/problems.py: {lacking}"
    # the scanner does see the library's codes (of every kind)
    kinds = {problems.CATALOGUE[c].kind for c in found}
    assert kinds == set(problems.KINDS)
    assert {"unverified", "status_unknown", "not_this_unit", "timeout", "no_deadline"} <= set(found)


SHAPES = """
FLAG_X = "shape_const"
def f(flags, row, ck, x):
    flags.append("shape_append")
    row.flags.extend([f"shape_fstring: {x}"])
    flags.append(f"{FLAG_X}: {x}")
    flag = f"shape_assigned: {x}"
    first = ["shapeword"] if x else []
    code = "shape_a" if x else "shape_b"
    ck.reject("shape_reject", "text")
    refused = {"row": 1, "reason": "shape_dict"}
    r = Result(reason_code="shape_kw")
    return None, [f"shape_return: {x}"]
"""


def test_the_scanner_sees_every_shape(tmp_path):
    p = tmp_path / "mod.py"
    p.write_text(textwrap.dedent(SHAPES), encoding="utf-8")
    got = {c for c, _w, _l in emitted(p)}
    assert got == {
        "shape_const", "shape_append", "shape_fstring", "shape_assigned", "shapeword",
        "shape_a", "shape_b", "shape_reject", "shape_dict", "shape_kw", "shape_return",
    }  # fmt: skip


def test_an_uncatalogued_code_is_caught(tmp_path):
    p = tmp_path / "mod.py"
    p.write_text('def f(flags):\n    flags.append("brand_new_code")\n', encoding="utf-8")
    assert [c for c, _w, _l in emitted(p) if c not in problems.CATALOGUE] == ["brand_new_code"]


# ---- the doc --------------------------------------------------------------------------------


def test_the_doc_lists_every_code_and_is_current():
    doc = (ROOT / "docs" / "problems.md").read_text(encoding="utf-8")
    for code, e in problems.CATALOGUE.items():
        row = next((ln for ln in doc.splitlines() if ln.startswith(f"| `{code}` |")), None)
        assert row is not None, f"docs/problems.md lacks {code}"
        assert e.vi in row and e.en in row
    res = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "problem_codes.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stderr


# ---- the words ------------------------------------------------------------------------------


def test_catalogue_entries_are_complete():
    assert len(problems.CATALOGUE) == len(problems.codes())
    for code, e in problems.CATALOGUE.items():
        assert e.code == code and e.kind in problems.KINDS
        assert re.fullmatch(r"[a-z][a-z0-9_]*", code)
        assert e.vi and e.en and e.vi != e.en, code
        assert bool(e.hint_vi) == bool(e.hint_en), code
        if e.kind in ("file", "row"):
            assert e.hint_vi, f"{code}: a rejected file or refused row says what to do"


def test_label_hint_describe_message():
    assert problems.split("status_unknown: xong rồi") == ("status_unknown", "xong rồi")
    assert problems.split("late") == ("late", "")
    assert problems.label("status_unknown: xong", "vi") == "Không nhận ra tình trạng"
    assert problems.label("status_unknown", "en") == "Status not recognised"
    assert problems.describe("progress_invalid: abc", "en") == "Invalid progress (%): abc"
    assert problems.describe("done_below_100", "vi") == "Hoàn thành nhưng tiến độ dưới 100%"
    # unknown codes and text that merely holds a colon stay as they are
    assert problems.describe('=HYPERLINK("http://x")') == '=HYPERLINK("http://x")'
    assert problems.label("no_such_code: x") == "no_such_code"
    assert problems.hint("no_such_code") == ""
    assert problems.lookup("unknown_key").kind == "row"
    msg = problems.message("too_large", "60 MiB", "en", max_mib=50)
    assert msg.startswith("The file is too large (limit 50 MiB) (60 MiB). Ask the unit")
    assert msg.endswith("send it again.")


def test_current_language_is_used():
    try:
        set_lang("en")
        assert problems.label("unknown_key") == "Task key not in the plan"
        set_lang("vi")
        assert problems.label("unknown_key") == "Mã nhiệm vụ không có trong kế hoạch"
    finally:
        set_lang(None)


@pytest.mark.parametrize("code", safety.REASON_CODES)
def test_reader_reasons_come_from_the_catalogue(code):
    lim = safety.Limits(timeout_s=1.5)
    for lang in ("vi", "en"):
        try:
            set_lang(lang)
            text = safety.reason_text(code, "detail", limits=lim)
        finally:
            set_lang(None)
        assert text.startswith(problems.label(code, lang, max_mib=50, timeout_s="1.5",
                                              memory_mib=1024))  # fmt: skip
        assert "(detail)" in text
        assert problems.hint(code, lang) in text


def test_merge_hints_come_from_the_catalogue():
    from sheettools import merge

    for code, (vi, en) in merge.HINTS.items():
        assert (vi, en) == (problems.hint(code, "vi"), problems.hint(code, "en"))
