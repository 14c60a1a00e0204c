"""Every ``pain-diary`` command is documented in the README.

The commands are read from the CLI's own parser, so a new command (or a new
subcommand of one, such as ``trial plan``) fails this test until the README
shows how to use it.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from diary.cli.commands import build_parser
from diary.cli.subcommands import complete_parser

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def commands(parser: argparse.ArgumentParser, prefix: str = "pain-diary") -> list[str]:
    """Every command line the parser accepts, as ``pain-diary add``, ``pain-diary trial plan``, ..."""
    found: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append(f"{prefix} {name}")
                found += commands(sub, f"{prefix} {name}")
    return found


def documented(command: str, text: str = README) -> bool:
    """The command appears in the text as a whole word, as in the README's usage lines."""
    return re.search(re.escape(command) + r"(?![\w-])", text) is not None


COMMANDS = commands(complete_parser(build_parser()))


def test_the_parser_has_the_commands_of_the_design() -> None:
    """The list the test runs over is the real one (a broken reader would check nothing)."""
    assert {"run", "add", "import", "export", "analyze", "report", "sample"} <= {
        c.split()[1] for c in COMMANDS
    }


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_documented_in_the_readme(command: str) -> None:
    assert documented(command), f"`{command}` is not in README.md; add a usage line for it"


def test_a_command_missing_from_the_text_is_noticed() -> None:
    assert documented("pain-diary export", "pain-diary export -o diary.csv")
    assert not documented("pain-diary export", "pain-diary exporting")
    assert not documented("pain-diary trial plan", "pain-diary trial status")
