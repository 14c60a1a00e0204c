"""Sub-commands whose options are added only when they are used.

``pain-diary analyze`` should not load what ``pain-diary import`` needs to
describe its flags (every other app's reader): a command's options can be
left for later, and are added as soon as that command is chosen, so its
``--help`` and its errors read as if they had been there all along.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    _SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    _SubParsers = argparse._SubParsersAction


class Commands(_SubParsers):
    """The sub-commands (``add_subparsers(action=Commands)``); ``later[name]`` adds command ``name``'s options.

    The function in ``later`` is called with the command's parser once, when
    the command is chosen (to run it or show its help), before its arguments
    are read.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.later: dict[str, Callable[[argparse.ArgumentParser], None]] = {}

    def complete(self, name: str) -> None:
        """Add the options of command ``name`` now, if they were left for later."""
        add_options = self.later.pop(name, None)
        if add_options is not None:
            add_options(self.choices[name])

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        if values and values[0] in self.choices:
            self.complete(values[0])
            # A command's own mistakes are told with its own usage line (``command_parser(args)``).
            namespace.command_parser = self.choices[values[0]]
        super().__call__(parser, namespace, values, option_string)


def command_parser(args: argparse.Namespace, parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The parser of the command ``args`` were read for (``parser`` itself if none was chosen)."""
    chosen = getattr(args, "command_parser", None)
    return chosen if isinstance(chosen, argparse.ArgumentParser) else parser


def complete_parser(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """``parser`` with every command's options added now (to read them all, as the docs test does)."""
    for action in parser._actions:
        if isinstance(action, Commands):
            for name in list(action.later):
                action.complete(name)
    return parser
