"""``python -m diary.cli``: the same as ``pain-diary``."""

from . import main

if __name__ == "__main__":
    raise SystemExit(main())
