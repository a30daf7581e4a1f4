"""README and CLI stay in step: every command is documented and its help has an example."""

from __future__ import annotations

from pathlib import Path

import click
from click.testing import CliRunner

from sheettools.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, cmd in group.commands.items():
        path = (*prefix, name)
        if isinstance(cmd, click.Group):
            yield from all_commands(cmd, path)
        else:
            yield path, cmd


COMMANDS = list(all_commands(cli))


def test_there_are_commands_for_the_whole_cycle():
    names = {" ".join(p) for p, _ in COMMANDS}
    assert {"plan import", "tasks", "units list", "units suggest", "split", "merge", "reports", "status",
            "summary", "mail send", "mail remind", "mail fetch"} <= names  # fmt: skip


def test_every_command_has_help_with_an_example():
    runner = CliRunner()
    for path, _cmd in COMMANDS:
        res = runner.invoke(cli, ["--lang", "en", *path, "--help"])
        assert res.exit_code == 0, path
        assert "Example:" in res.output, f"sheettools {' '.join(path)} --help has no Example: block"
        res = runner.invoke(cli, ["--lang", "vi", *path, "--help"])
        assert res.exit_code == 0, path
        assert "Ví dụ:" in res.output, f"sheettools {' '.join(path)} --help has no Ví dụ: block"


def test_every_command_is_documented_in_the_readme():
    missing = [" ".join(p) for p, _ in COMMANDS if f"sheettools {' '.join(p)}" not in README]
    assert missing == [], f"README does not show: {missing}"


def test_readme_shows_the_two_setup_commands():
    assert "make demo" in README and "make test" in README


def test_every_command_the_docs_show_exists():
    """`sheettools …` in backticks, and command lines in code blocks, of the README, docs/
    and workbook_templates/README.md name commands that exist (prose such as "sheettools
    looks for a template" is not a command)."""
    import re

    root = Path(__file__).resolve().parents[1]
    pages = [root / "README.md", *sorted((root / "docs").glob("*.md"))]
    pages.append(root / "workbook_templates" / "README.md")
    pat = re.compile(r"(?:`|^\s*(?:\$ )?)sheettools((?: [a-z][\w-]*){1,3})")
    shown, wrong = 0, []
    for page in pages:
        fence = False
        for i, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip().startswith("```"):
                fence = not fence
                continue
            for m in pat.finditer(line):
                if not fence and not m.group(0).startswith("`"):
                    continue
                shown += 1
                cmd: click.Command = cli
                for w in m.group(1).split():
                    if not isinstance(cmd, click.Group):
                        break  # (the rest are arguments)
                    if w not in cmd.commands:
                        wrong.append(f"{page.name}:{i}: sheettools {m.group(1).strip()}")
                        break
                    cmd = cmd.commands[w]
    assert shown > 50 and not wrong, wrong
