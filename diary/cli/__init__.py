"""``pain-diary``, the command line; ``main`` runs it (``python -m diary.cli`` does too).

``commands`` holds the commands and their parser, ``parser`` reads any value (even "--"), ``subcommands``
loads a sub-command's options only when it is chosen, and ``import_command`` and ``trial_command`` are
``pain-diary import`` and ``pain-diary trial``.
"""

from .commands import main

__all__ = ["main"]
