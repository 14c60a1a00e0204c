"""``pain-diary``: everything the dashboard does, from the command line.

A thin layer over the library: parse arguments, call ``diary``, print. Errors
go to stderr as one readable message per problem, with exit status 1 (2 for
bad usage), and change nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .. import __version__, clock
from ..entry import DATE_RE, parse_entry
from ..entry.fields import FIELD_BY_NAME, FIELDS, OUTCOME_IDS, SET_SEPARATOR
from ..entry.numbers import DIGITS
from ..errors import DiaryError, EntryInvalid, no_entry_for
from ..storage import ENV_VAR, Diary, open_diary, resolve_path, starting
from ..wording import APP_NAME, PORT_ALLOWED, day_label, plural
from .parser import Parser, port_number
from .subcommands import Commands, command_parser

APP_FILE = Path(__file__).resolve().parents[2] / "streamlit_app.py"
# What `pain-diary run` serves: APP_FILE behind the checks of diary.dashboard.server.
SERVER_FILE = APP_FILE.with_name("dashboard_app.py")

Handler = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """Bad arguments found after parsing (exit status 2)."""


def _date_arg(text: str) -> dt.date:
    written = DATE_RE.fullmatch(text)
    try:
        return dt.date.fromisoformat(text if written else "")
    except ValueError:
        digits = f" with {DIGITS}" if any(c.isdigit() and not c.isascii() for c in text) else ""
        why = "is not a date in the calendar" if written else f"is not a date written YYYY-MM-DD{digits}"
        raise argparse.ArgumentTypeError(f"{text!r} {why}") from None


def _check_range_args(args: argparse.Namespace) -> None:
    """``--from`` after ``--to`` is bad usage (exit 2), said as the range check says it, before anything is read."""
    from ..ranges import check_range

    if args.command in ("export", "report"):
        try:
            check_range(args.start, args.end)
        except DiaryError as exc:
            raise UsageError(f"--from/--to: {exc}") from None


def _open(args: argparse.Namespace) -> Diary:
    """The diary named by --data (or the default), which must be there: commands that read it, or change an
    entry of it, never create it (those that start one use ``storage.starting``)."""
    return open_diary(args.data, create=False)


def _say(text: str) -> None:
    print(text, file=sys.stderr)


# -- commands --------------------------------------------------------------------


def cmd_run(args: argparse.Namespace) -> int:
    """Start the dashboard with Streamlit, with the project's private-by-default settings: ``dashboard_app.py``,
    streamlit_app.py behind the checks of ``diary.dashboard.server`` (host, origin, phone sign-in, no framing)."""
    for needed in (APP_FILE, SERVER_FILE):
        if not needed.exists():
            raise DiaryError(f"The dashboard's {needed.name} was not found at {needed}.")
    if args.address is not None and not args.phone:
        raise UsageError("--address names the home-network address for --phone; add --phone, or leave it out")
    if args.port is not None and not 1 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: {PORT_ALLOWED}")
    os.environ[ENV_VAR] = str(resolve_path(args.data))
    command = ["run", str(SERVER_FILE)]
    if args.port:
        command += ["--server.port", str(args.port)]
    extra = list(args.streamlit_args)
    if extra[:1] == ["--"]:
        extra = extra[1:]
    command += extra
    if args.phone:
        command += _phone_options(args)  # last, so that they win over the same options in ``extra``
    os.chdir(APP_FILE.parent)  # Streamlit reads .streamlit/config.toml from here
    from streamlit.web import cli as streamlit_cli

    from ..dashboard.launch import answer_at_once, hold_localhost, no_address_lookups, with_fixed_port

    no_address_lookups()
    answer_at_once()
    if not args.phone:
        command = with_fixed_port(command)  # the port held below is the one it serves on
        hold_localhost(command)  # no other program may answer as localhost on the dashboard's port

    return streamlit_cli.main(args=command, prog_name="streamlit", standalone_mode=True)


def _phone_options(args: argparse.Namespace) -> list[str]:
    """Set up ``--phone``: the address, the certificate, a new token; print the QR code; Streamlit's options."""
    from ..dashboard import phone

    address = phone.check_address(args.address) if args.address else phone.find_home_address()
    port = args.port or phone.DEFAULT_PORT
    certificate, key = phone.ensure_certificate(address)
    access = phone.PhoneAccess.new(address, port)
    phone.activate(access)
    try:
        print(phone.announcement(access, certificate, colour=sys.stdout.isatty()), flush=True)
    except UnicodeEncodeError:  # a terminal that cannot draw the code's blocks: the address alone
        print(phone.announcement(access, certificate, code=False), flush=True)
    return [
        "--server.address", address,
        "--server.port", str(port),  # a fixed port: the QR code names it, so never move to another
        "--server.allowedHosts", address,
        "--browser.serverAddress", address,
        "--server.sslCertFile", str(certificate),
        "--server.sslKeyFile", str(key),
    ]  # fmt: skip


def _write_output(args: argparse.Namespace, data: bytes, what: str) -> None:
    """Write a file the person asked for (-o), whole or not at all, never over the diary or a read-only file."""
    from ..storage.files import write_output

    write_output(args.output, data, what, diary=resolve_path(args.data))


def _column_values(args: argparse.Namespace) -> dict[str, object]:
    values: dict[str, object] = {}
    for field in FIELDS:
        if field.name in ("date", "logged_at"):
            continue
        given = getattr(args, field.name, None)
        if given is None:
            continue
        if field.kind == "set":
            given = SET_SEPARATOR.join(
                part for item in given for part in item.replace(",", SET_SEPARATOR).split(SET_SEPARATOR)
            )
        if field.name != "notes" and str(given) and not str(given).strip():  # '' clears; a note is kept
            raise UsageError(
                f"--{field.name.replace('_', '-')} holds only spaces: give a value, or '' for none"
            )
        values[field.name] = given
    return values


def cmd_add(args: argparse.Namespace) -> int:
    """Save one morning; an existing date needs --update. A new entry's bad values never create the diary."""
    given = _column_values(args)
    if not args.update:
        if "pain" not in given:
            raise UsageError(f"--pain is required (morning pain, {FIELD_BY_NAME['pain'].allowed})")
        entry = parse_entry({"date": args.date.isoformat(), **given})
    if args.update:
        diary = _open(args)
        old = diary.get(args.date)
        if old is None:
            raise DiaryError(f"{no_entry_for(args.date)} to update; leave out --update to add it.")
        raw: dict[str, object] = {**old.to_cells(), **given}
        raw.pop("logged_at")
        entry = parse_entry(raw)
        saved = diary.update(entry)
        print(f"Updated {day_label(saved.date)}: morning pain {saved.pain}.")
    else:
        from ..sources.kept import add_morning  # with a night an import kept aside for it
        from ..views.log_trial import add_with_plan  # a trial night: its plan filled in, as on the Log page

        with starting(args.data, say=_say) as diary:  # a failed first save leaves no empty diary
            entry, planned = add_with_plan(diary, entry, given, clock.today())
            saved, took = add_morning(diary, entry)
        notes = "".join(f"\n{note}" for note in (took, planned) if note)
        print(f"Saved {day_label(saved.date)}: morning pain {saved.pain}.{notes}")
    from ..safety import advice_text  # warning symptoms are never saved silently, here as on the Log page
    from ..settings import load_settings

    advice = advice_text(saved.red_flags, load_settings().emergency_number)
    if advice:
        print(advice)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import a diary CSV, a full backup or another app's export, all or nothing (see ``diary.cli.import_command``)."""
    from . import import_command

    try:
        return import_command.cmd_import(args, _say)
    except import_command.UsageError as exc:
        raise UsageError(str(exc)) from None


def cmd_backup(args: argparse.Namespace) -> int:
    """Write a full backup: the whole diary CSV and its trials, in one ZIP."""
    from ..exchange.backup import full_backup

    if not args.output.lower().endswith(".zip"):
        raise UsageError(f"-o {args.output!r}: a full backup is a ZIP file; give a file name ending in .zip")
    _write_output(args, full_backup(_open(args)), "the full backup")
    _say(f"Wrote a full backup to {args.output}. Restore it with: pain-diary import {args.output}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Write the diary CSV to a file or standard output."""
    from ..exchange.diary_csv import export_csv

    text = export_csv(_open(args), start=args.start, end=args.end, include_notes=not args.no_notes)
    if args.output in (None, "-"):
        sys.stdout.write(text)
        return 0
    _write_output(args, text.encode("utf-8"), "the diary CSV")
    _say(f"Exported the diary to {args.output}.")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Write the one-page doctor report (PDF) for a date range."""
    from ..views.report import build_report

    if not args.output.lower().endswith(".pdf"):
        # Guards against writing a PDF over the diary or a CSV by a slip of the keyboard.
        raise UsageError(f"-o {args.output!r}: the report is a PDF; give a file name ending in .pdf")
    from ..trials.store import finished_results, trial_so_far

    diary = _open(args)
    entries = diary.entries(args.start, args.end)
    trials = finished_results(diary, clock.today())
    held = trial_so_far(diary, clock.today())
    report = build_report(entries, args.start, args.end, trials=trials, hold_back=held)
    _write_output(args, report, "the report")
    _say(f"Wrote the report to {args.output}.")
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    """Which factors go with worse mornings: a readable report, or the JSON of DESIGN."""
    gc.disable()  # a short run: see _spare_the_collector
    import json

    from ..analysis import analyze
    from ..settings import load_settings
    from ..trials.store import all_trials, trial_so_far
    from ..trials.text import terminal_trial_note
    from ..views.overview import warnings_for_terminal
    from ..views.terminal import render_text

    diary = _open(args)
    try:
        frame = diary.load()
        held = trial_so_far(diary, clock.today())
        trials = all_trials(diary)
    finally:
        diary.close()  # now, not by a collection: a SQLite diary leaves no -wal or -shm file behind
    result = analyze(frame, args.outcome, hold_back=held)
    if args.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        warned = warnings_for_terminal(result.red_flags, clock.today(), load_settings().emergency_number)
        sys.stdout.write(warned + render_text(result, lambda switch: terminal_trial_note(switch, trials)))
    _spare_the_collector()
    return 0


def _spare_the_collector() -> None:
    """Leave the objects alive now out of the garbage collections still to come, the one at exit included.

    The modules' objects (about 70,000 once pandas is loaded) live until the process ends, yet every full
    collection, and one at exit, goes over them all: about 0.1 s of a one-second ``analyze``, to find
    nothing. ``gc.freeze`` keeps them out of its way (an object frozen here is never collected: close the
    diary before). ``analyze`` turns the collector off from its start (the imports made it walk them too).
    """
    gc.freeze()


def cmd_trial(args: argparse.Namespace) -> int:
    """Plan, follow, judge, end or cancel a self-experiment (``pain-diary trial ACTION``)."""
    from .trial_command import TRIAL_COMMANDS

    return TRIAL_COMMANDS[args.trial_command](args)


def cmd_sample(args: argparse.Namespace) -> int:
    """Load the sample diary into the diary, or write it as a CSV."""
    from ..sample import load_sample, sample_entries

    if args.output:
        from ..csv.format import write_diary_csv

        entries = sample_entries()
        _write_output(args, write_diary_csv(entries).encode("utf-8"), "the sample diary")
        print(f"Wrote the sample diary ({plural(len(entries), 'day')}) to {args.output}.")
        return 0
    with starting(args.data, say=_say) as diary:
        result = load_sample(diary)
    print(f"Sample diary: {result}")
    return 0


# -- parser ----------------------------------------------------------------------

COMMANDS: dict[str, Handler] = {
    "run": cmd_run,
    "add": cmd_add,
    "import": cmd_import,
    "export": cmd_export,
    "backup": cmd_backup,
    "analyze": cmd_analyze,
    "report": cmd_report,
    "sample": cmd_sample,
    "trial": cmd_trial,
}


def _data_option(parser: argparse.ArgumentParser, *, top: bool) -> None:
    parser.add_argument(
        "--data",
        metavar="PATH",
        default=None if top else argparse.SUPPRESS,
        help=f"the diary file: .csv for a CSV diary, anything else SQLite (default: ${ENV_VAR}, "
        "else a SQLite file in your user data folder)",
    )


def _add_column_options(parser: argparse.ArgumentParser) -> None:
    for field in FIELDS:
        if field.name in ("date", "logged_at"):
            continue
        names = [f"--{field.name}"]
        if "_" in field.name:
            names.append(f"--{field.name.replace('_', '-')}")
        help_text = f"{field.meaning}; {field.allowed}"
        if field.kind == "bool":
            parser.add_argument(
                *names, dest=field.name, nargs="?", const="true", metavar="yes|no", help=help_text
            )
        elif field.kind == "set":
            parser.add_argument(*names, dest=field.name, action="append", metavar="A;B", help=help_text)
        else:
            parser.add_argument(*names, dest=field.name, metavar="VALUE", help=help_text)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="pain-diary",
        description=f"{APP_NAME}: log your mornings, see what goes with worse ones.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _data_option(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, action=Commands)
    assert isinstance(sub, Commands)

    run = sub.add_parser("run", help="start the dashboard and print its address for your browser")
    _data_option(run, top=False)
    run.add_argument("--port", type=port_number, help="the port to listen on (default 8501)")
    run.add_argument(
        "--phone",
        action="store_true",
        help="open the dashboard to your phone on the home network: HTTPS, signed in by a QR code",
    )
    run.add_argument(
        "--address",
        metavar="IP",
        help="with --phone: this computer's address on the home network (default: found from its interfaces)",
    )
    run.add_argument("streamlit_args", nargs=argparse.REMAINDER, help="more Streamlit options, after --")

    add = sub.add_parser("add", help="save one morning's entry")
    _data_option(add, top=False)
    add.add_argument(
        "--date", type=_date_arg, default=clock.today(), help="the morning, YYYY-MM-DD (default today)"
    )
    add.add_argument("--update", action="store_true", help="change the entry of a date that already exists")
    _add_column_options(add)

    sub.add_parser(
        "import", help="bring in a diary CSV, a full backup, or another app's export (all or nothing)"
    )
    sub.later["import"] = _import_options

    exp = sub.add_parser("export", help="write the diary CSV")
    _data_option(exp, top=False)
    exp.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")
    exp.add_argument("--from", dest="start", type=_date_arg, metavar="D", help="first date, YYYY-MM-DD")
    exp.add_argument("--to", dest="end", type=_date_arg, metavar="D", help="last date, YYYY-MM-DD")
    exp.add_argument("--no-notes", action="store_true", help="leave the notes column empty")

    bak = sub.add_parser("backup", help="write a full backup: the diary CSV and its trials, in one ZIP")
    _data_option(bak, top=False)
    bak.add_argument("-o", "--output", metavar="FILE.zip", required=True, help="write the backup to FILE.zip")

    rep = sub.add_parser("report", help="write the one-page doctor report (PDF)")
    _data_option(rep, top=False)
    rep.add_argument("-o", "--output", metavar="FILE.pdf", required=True, help="write the report to FILE.pdf")
    rep.add_argument("--from", dest="start", type=_date_arg, metavar="D", help="first date, YYYY-MM-DD")
    rep.add_argument("--to", dest="end", type=_date_arg, metavar="D", help="last date, YYYY-MM-DD")

    ana = sub.add_parser("analyze", help="which factors go with worse mornings")
    _data_option(ana, top=False)
    ana.add_argument("--json", action="store_true", help="print the machine-readable result")
    ana.add_argument(
        "--outcome",
        choices=OUTCOME_IDS,
        default=OUTCOME_IDS[0],
        help="what to explain (default: morning pain)",
    )

    sample = sub.add_parser("sample", help="load the sample diary (or write it with -o)")
    _data_option(sample, top=False)
    sample.add_argument("-o", "--output", metavar="FILE", help="write the sample diary CSV to FILE instead")

    sub.add_parser("trial", help="plan, follow and judge a self-experiment (mattress A vs B, …)")
    sub.later["trial"] = _trial_options
    return parser


def _import_options(parser: argparse.ArgumentParser) -> None:
    from .import_options import add_import_options

    add_import_options(parser, lambda parser: _data_option(parser, top=False))


def _trial_options(parser: argparse.ArgumentParser) -> None:
    from .trial_command import add_trial_options

    add_trial_options(parser, lambda parser: _data_option(parser, top=False), _date_arg)


def one_blas_thread() -> None:
    """Do linear algebra on one thread, for every command and for the dashboard ``run`` serves.

    The diary's matrices are small (a column per factor, a row per morning): one
    thread does them fastest, and on a busy machine threads waiting for a free
    core make a fit several times slower (5 s instead of 0.3 s for ten years).
    Libraries not loaded yet read the variables when they load (numpy loads its
    BLAS only with the first fit); those already loaded are limited directly
    (a BLAS is loaded only with numpy, so before numpy there is none to limit).
    A thread count the person set in the environment is kept.
    """
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    if "numpy" in sys.modules:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=1, user_api="blas")


def main(argv: Sequence[str] | None = None) -> int:
    one_blas_thread()
    parser = build_parser()
    Parser.command_line = tuple(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    try:
        _check_range_args(args)
        return COMMANDS[args.command](args)
    except UsageError as exc:
        command_parser(args, parser).error(str(exc))
    except EntryInvalid as exc:
        _say("pain-diary: the entry was not saved:")
        for problem in exc.problems:
            _say(f"  {problem}")
        return 1
    except DiaryError as exc:
        _say(f"pain-diary: {exc}")
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        _say(f"pain-diary: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
        return 1
    except Exception as exc:  # a bug: say so plainly; PAIN_DIARY_DEBUG=1 shows the traceback
        if os.environ.get("PAIN_DIARY_DEBUG"):
            raise
        _say(
            f"pain-diary: unexpected error ({type(exc).__name__}: {exc}). Set PAIN_DIARY_DEBUG=1 for details."
        )
        return 1
    return 0
