"""Print the longest functions of the package (lines from ``def`` to the last line of the
body, docstring included), from the working tree or from a git revision.

    python scripts/function_lengths.py              # top 20 in src/sheettools
    python scripts/function_lengths.py --over 60    # every function over 60 lines
    python scripts/function_lengths.py --rev d81b396 --top 30

The table has one row a function: module, function, lines, longest first.
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "src/sheettools"


def sources(rev: str | None) -> dict[str, str]:
    if rev is None:
        return {
            str(p.relative_to(ROOT)): p.read_text(encoding="utf-8")
            for p in sorted((ROOT / PACKAGE).rglob("*.py"))
        }
    names = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", rev, PACKAGE],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    return {
        n: subprocess.run(
            ["git", "show", f"{rev}:{n}"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
        for n in names
        if n.endswith(".py")
    }


def functions(files: dict[str, str]) -> list[tuple[int, str, str]]:
    out = []
    for path, text in files.items():
        tree = ast.parse(text)
        stack: list[tuple[ast.AST, str]] = [(tree, "")]
        while stack:
            node, prefix = stack.pop()
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    name = f"{prefix}{child.name}"
                    if not isinstance(child, ast.ClassDef):
                        first = min([child.lineno] + [d.lineno for d in child.decorator_list])
                        out.append((child.end_lineno - first + 1, path, name))
                    stack.append((child, name + "."))
    return sorted(out, key=lambda t: (-t[0], t[1], t[2]))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rev", help="a git revision (default: the working tree)")
    ap.add_argument("--top", type=int, default=20, help="rows at the most (default 20)")
    ap.add_argument("--over", type=int, help="every function longer than this many lines")
    args = ap.parse_args(argv)
    funcs = functions(sources(args.rev))
    lengths = [n for n, _p, _f in funcs]
    rows = [f for f in funcs if f[0] > args.over] if args.over is not None else funcs[: args.top]
    modules = [path.removeprefix(PACKAGE + "/") for _n, path, _f in rows]
    width_m = max([len("module"), *map(len, modules)])
    width_f = max([len("function"), *(len(f) for _n, _p, f in rows)])
    print(f"{'module':<{width_m}}  {'function':<{width_f}}  {'lines':>5}")
    for module, (n, _path, name) in zip(modules, rows, strict=True):
        print(f"{module:<{width_m}}  {name:<{width_f}}  {n:>5}")
    over = {k: sum(1 for n in lengths if n > k) for k in (40, 60, 100)}
    print(
        f"{len(funcs)} functions, {sum(lengths)} lines; "
        + ", ".join(f"{v} over {k} lines" for k, v in over.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
