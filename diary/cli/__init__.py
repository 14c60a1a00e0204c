"""``pain-diary``, the command line: ``main`` runs it, ``parser`` reads any value (even "--"),
``subcommands`` loads a sub-command's options only when it is chosen, ``import_command`` is ``pain-diary import``.
"""
