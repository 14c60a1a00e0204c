"""argparse as ``pain-diary`` reads its command line: any value, even "--" or one beginning with "-".

argparse drops a lone ``--`` wherever it appears, even as the value after an
option's ``=``, and reads a separate word beginning with "-" after an option
as the end of the options or another option, saying only "expected one
argument". ``Parser`` takes the first as the value, and for the second says
how the word was read and how to give it (``--notes=--``).

Options that take a number read it with ``whole_number``: the digits 0-9
only, as every number the diary reads (``int`` alone takes "３" and "٣").
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from typing import Any, NoReturn

from ..entry.numbers import whole_number
from ..wording import PORT_ALLOWED


def port_number(text: str) -> int:
    """``--port``'s value as a whole number written with 0-9 (its range is checked with the other options)."""
    try:
        return whole_number(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{exc}: {PORT_ALLOWED}") from None


class Parser(argparse.ArgumentParser):
    """argparse, except that ``--notes=--`` gives the note "--".

    argparse drops a lone ``--`` wherever it appears, even as the value after an option's ``=``: the option then
    received nothing (a saved entry without its note, a crash for a set such as ``--tags``; a bare ``--replace``
    for ``--replace=--``). As a separate word (``--notes --``) it still ends the options, as usual.
    """

    def _get_values(self, action: argparse.Action, arg_strings: list[str]) -> Any:
        if action.option_strings and arg_strings == ["--"] and action.nargs in (None, "?", "*", "+", 1):
            value = self._get_value(action, "--")
            self._check_value(action, value)
            return value if action.nargs in (None, "?") else [value]  # a list option: "--" is its one value
        return super()._get_values(action, arg_strings)

    command_line: Sequence[str] = ()
    """The words being parsed (``main`` sets them), for ``error``."""

    def error(self, message: str) -> NoReturn:
        """argparse's message, and how to give a value that begins with "-" when that is what the option lacked.

        ``--notes --`` or ``--notes -x`` reads the word after the option as the
        end of the options or as another option, so argparse says only
        "expected one argument"; the ``=`` form takes any value.
        """
        missing = re.fullmatch(r"argument ([\w/-]+): expected one argument", message)
        names = missing.group(1).split("/") if missing else []
        given = [word for word in self.command_line if any(_names(word, name) for name in names)]
        long = [name for name in names if name.startswith("--")]  # ``-o=--`` would give "=--"
        if given and long:
            at = self.command_line.index(given[0]) + 1
            after = self.command_line[at] if at < len(self.command_line) else ""
            if after.startswith("-"):
                read_as = "the end of the options" if after == "--" else "an option"
                message += (
                    f" ({after!r} was read as {read_as}; to give it as the value, write {long[0]}={after})"
                )
        super().error(message)


def _names(word: str, name: str) -> bool:
    """Whether ``word`` on the command line names the option ``name``: in full, or cut short (``--note``)."""
    return word == name or (name.startswith("--") and len(word) > 2 and name.startswith(word))
