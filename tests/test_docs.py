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
