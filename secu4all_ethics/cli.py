"""Command line: python -m secu4all_ethics {validate,catalogue,schema,evaluate,db,audit,users,workshops}.

Exit codes: 0 success, 2 bad input (the message names the file, the path in
it and what is wrong; or the output that cannot be written), 1 an internal
error. No traceback is printed unless SECU4ALL_DEBUG=1.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import secrets
import sys
from pathlib import Path

from pydantic import ValidationError

from .content.bundle import ContentBundle
from .content.cards import card_files, load_cards
from .content.crossref import check_assessment
from .content.loader import (
    DEFAULT_FRAMEWORK_ID,
    content_files,
    default_content_dir,
    issues_from_validation_error,
    load_assessment,
    load_content,
)
from .content.schema import json_schemas, write_schemas
from .domain.assessment import Assessment
from .engine.evaluate import evaluate
from .engine.results import EvaluationResult
from .engine.weighting import WeightError
from .errors import ContentError, ContentIssue
from .i18n.grammar import english_count
from .i18n.languages import LANGUAGES
from .storage.faults import StorageError
from .wording import word_result

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2


STANDARD_OUTPUT = "standard output"


class CommandError(Exception):
    """Bad input that is not inside a file (a path to write, a database): one line that names it, exit 2."""


class OutputError(CommandError):
    """A file given with --output, or standard output, cannot be written: the user's to fix, not a bug."""

    def __init__(self, target: str, error: OSError):
        self.target = target
        super().__init__(f"{target}: cannot be written ({error.strerror or error})")


class _NamedStandardOutput:
    """Standard output whose write errors (a full disk, /dev/full) are OutputErrors.

    A closed pipe stays a BrokenPipeError: `evaluate ... | head` is not an error."""

    def __init__(self, stream):
        self._stream = stream

    def _named(self, operation, *arguments):
        try:
            return operation(*arguments)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputError(STANDARD_OUTPUT, error) from None

    def write(self, data):
        return self._named(self._stream.write, data)

    def flush(self):
        return self._named(self._stream.flush)

    @property
    def buffer(self):
        return _NamedStandardOutput(self._stream.buffer)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _discard_standard_output(stream) -> None:
    """Standard output failed: what is still buffered would fail again when Python exits."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, AttributeError, ValueError):  # not a file descriptor (a test's captured output)
        pass


def _write_file(name: str, data: bytes) -> None:
    """Write data to the file name, or leave it as it was: a full disk leaves no empty or cut-off file.

    A regular file is written beside its target and renamed over it; a device or a pipe
    (/dev/full, a FIFO, /dev/stdout whatever it stands for) is written in place."""
    given, target = Path(name), Path(os.path.realpath(name))
    try:
        if given.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        if (given.exists() and not given.is_file()) or target.parts[1:2] in (("dev",), ("proc",)):
            with given.open("wb") as handle:
                handle.write(data)
            return
        partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    except BrokenPipeError:
        raise  # `-o /dev/stdout | head` is not an error, as on standard output
    except OSError as error:
        raise OutputError(name, error) from None


def _is_content_dir(path: Path) -> bool:
    return path.is_dir() and (path / "frameworks").is_dir()


def _content_file_count(root: Path, framework_id: str) -> int:
    """The files load_content reads in root; when it fails, it does not say how many it read."""
    return len(content_files(root, framework_id))


def cmd_validate(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths] or [default_content_dir()]
    issues: list[ContentIssue] = []
    checked = 0
    bundle = None
    assessment_files: list[Path] = []
    for path in paths:
        if _is_content_dir(path):
            loaded = None
            try:
                loaded = bundle = load_content(path, args.framework)
                checked += len(loaded.source_files)
                # A trainer's scenario cards are content too, checked against the content just loaded.
                load_cards(path, loaded)
            except ContentError as error:
                issues.extend(error.issues)
                if loaded is None:
                    checked += _content_file_count(path, args.framework)
            checked += len(card_files(path))
            examples = path / "examples"
            if not args.paths and examples.is_dir():
                assessment_files.extend(sorted(examples.glob("*.yaml")) + sorted(examples.glob("*.json")))
        elif path.is_dir():
            assessment_files.extend(sorted(path.glob("*.yaml")) + sorted(path.glob("*.json")))
        elif path.exists():
            assessment_files.append(path)
        else:
            issues.append(ContentIssue(str(path), "", "no such file or folder"))
    if assessment_files and bundle is None and not any(_is_content_dir(p) for p in paths):
        try:
            bundle = load_content(args.content, args.framework)
        except ContentError as error:
            issues.extend(error.issues)
    for file in assessment_files:
        checked += 1
        try:
            if bundle is None:
                load_assessment(file)
            else:
                # Every check evaluate makes, by evaluating: a file validate passes is one evaluate accepts.
                assessment, _ = _evaluated(str(file), bundle, None)
                _provenance(str(file), assessment, None)
        except ContentError as error:
            issues.extend(error.issues)
    for issue in issues:
        print(issue, file=sys.stderr)
    if issues:
        found_in = f" in {english_count(checked, 'file')} checked" if checked else ": no file could be checked"
        print(f"{english_count(len(issues), 'error')}{found_in}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"ok: {english_count(checked, 'file')} valid")
    return EXIT_OK


def cmd_catalogue(args: argparse.Namespace) -> int:
    bundle = load_content(args.content, args.framework)
    from .engine.cost import cost_band_score, yearly_cost

    rows = []
    for technology in bundle.technologies:
        cost = yearly_cost(technology.cost_model, bundle.framework.cost.staff_yearly_cost_eur)
        rows.append(
            {
                "id": technology.id,
                "kind": technology.kind,
                "name": technology.name.get(args.lang),
                "intrusiveness": technology.intrusiveness,
                "ai_act": technology.ai_act.category.value,
                "yearly_cost_eur": round(cost.total_eur),
                "cost_score": cost_band_score(cost.total_eur, bundle.framework.cost.bands),
            }
        )
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    headers = ["id", "kind", "name", "intrusiveness", "ai_act", "yearly_cost_eur"]
    widths = {h: max(len(h), *(len(str(row[h])) for row in rows)) for h in headers}
    print("  ".join(h.ljust(widths[h]) for h in headers))
    for row in rows:
        print("  ".join(str(row[h]).ljust(widths[h]) for h in headers))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    if args.write:
        try:
            written = write_schemas(Path(args.write))
        except OSError as error:
            raise OutputError(error.filename or args.write, error) from None
        for path in written:
            print(path)
        return EXIT_OK
    print(json.dumps(json_schemas(), ensure_ascii=False, indent=2))
    return EXIT_OK


def _provenance(path: str, assessment, database: str | None):
    """The document to report on and its provenance. A file has no stored version: its hash is
    computed. A JSON report brings the review state it records, checked against the assessment it
    carries (as it is in the file, so a signed document keeps its hash) and, with --database,
    against that installation's review record (services/reports.py)."""
    from .report import Provenance
    from .report.formats import provenance_of_package
    from .storage.repository import document_hash

    try:
        package = json.loads(Path(path).read_text(encoding="utf-8")) if path.endswith(".json") else None
    except (OSError, ValueError):
        package = None
    if not (isinstance(package, dict) and package.get("format") == "secu4all-report"):
        document = assessment.model_dump(mode="json")
        return document, Provenance(document_hash=document_hash(document))
    records = _review_records(database, assessment.id) if database else None
    try:
        return package["assessment"], provenance_of_package(package, records)
    except ValidationError as error:
        raise ContentError(issues_from_validation_error(error, path, prefix="provenance.reviews")) from None
    except KeyError as error:
        raise ContentError.single(path, f"field {error.args[0]!r} is missing", path="provenance") from None
    except (TypeError, ValueError, AttributeError) as error:
        raise ContentError.single(path, f"cannot be read ({error})", path="provenance") from None


def _review_records(url: str, assessment_id: str):
    """The review record of an assessment in the database at url (empty if it holds none)."""
    from sqlalchemy.exc import SQLAlchemyError

    from .services.reports import recorded_reviews
    from .storage.database import is_sqlite, make_engine
    from .storage.repository import Storage
    from .storage.schema_version import schema_status

    if is_sqlite(url) and "///" in url and not Path(url.split("///", 1)[1]).is_file():
        raise ContentError.single("--database", "no such database file")
    engine = make_engine(url)
    try:
        status = schema_status(engine)
        if status.state != "current":
            raise ContentError.single(
                "--database",
                f"the database schema is {status.current or 'empty'}, not {status.head}: "
                "give the database that holds the review record (run 'db upgrade' on it first)",
            )
        return recorded_reviews(Storage(engine), assessment_id)
    except SQLAlchemyError as error:  # the URL is not printed: it may hold a password
        raise ContentError.single("--database", f"the database cannot be read ({type(error).__name__})") from None
    finally:
        engine.dispose()


def _evaluated(file: str, bundle: ContentBundle, language: str | None) -> tuple[Assessment, EvaluationResult]:
    """The assessment in file, checked against the content and evaluated, its result worded in language
    (the assessment's by default); bad input raises ContentError."""
    assessment = load_assessment(file)
    issues = check_assessment(assessment, bundle, file)
    if issues:
        raise ContentError(issues)
    try:
        result = evaluate(assessment, bundle)
    except WeightError as error:
        raise ContentError.single(file, str(error), path="weights") from None
    return assessment, word_result(result, bundle, language or assessment.language)


def _binary(report_format: str) -> bool:
    from .report.formats import format_named

    return format_named(report_format).binary


def cmd_evaluate(args: argparse.Namespace) -> int:
    bundle = load_content(args.content, args.framework)
    assessment, result = _evaluated(args.assessment, bundle, args.lang)
    language = args.lang or assessment.language
    if args.format == "result":
        data = (result.model_dump_json(indent=2) + "\n").encode("utf-8")
    else:
        from .report import build_report, render
        from .report.chart_images import ChartImageError

        document, provenance = _provenance(args.assessment, assessment, args.database)
        report = build_report(assessment, result, bundle, language, provenance)
        try:
            data = render(report, args.format, assessment_document=document, result=result, provenance=provenance, with_charts=not args.no_charts)
        except ChartImageError as error:
            raise ContentError.single(args.assessment, f"{error}; use --no-charts for a report with chart data tables only") from None
    if args.output:
        _write_file(args.output, data)
        print(args.output, file=sys.stderr)
    elif args.format != "result" and _binary(args.format) and sys.stdout.isatty():
        raise ContentError.single(args.assessment, f"a {args.format} report is binary: give --output FILE")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return EXIT_OK


def cmd_tender(args: argparse.Namespace) -> int:
    """The tender document of an assessment file: clauses, vendor questions and the grid for bids,
    for its recommended option (the same document as the Decision page's download)."""
    from .report import Provenance
    from .services.tender import NoTenderOption, render_tender, tender_report
    from .storage.repository import document_hash

    bundle = load_content(args.content, args.framework)
    assessment = load_assessment(args.assessment)
    issues = check_assessment(assessment, bundle, args.assessment)
    if issues:
        raise ContentError(issues)
    language = args.lang or assessment.language
    provenance = Provenance(document_hash=document_hash(assessment.model_dump(mode="json")))
    try:
        report, _ = tender_report(assessment, bundle, language, provenance)
    except WeightError as error:
        raise ContentError.single(args.assessment, str(error), path="weights") from None
    except NoTenderOption:
        raise ContentError.single(
            args.assessment, "the decision recommends no catalogue option to write a tender for", path="decision.recommended_option"
        ) from None
    data = render_tender(report, args.format)
    if args.output:
        _write_file(args.output, data)
        print(args.output, file=sys.stderr)
    elif args.format == "docx" and sys.stdout.isatty():
        raise ContentError.single(args.assessment, "a docx document is binary: give --output FILE")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return EXIT_OK


def cmd_db(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import OperationalError

    from .storage.backup import BackupError, backup, restore
    from .storage.database import database_url, dialect_of, make_engine, require_protected_dialect
    from .storage.faults import translated
    from .storage.schema_version import schema_status, upgrade

    url = database_url(args.database)
    require_protected_dialect(dialect_of(url))  # not even a backup of a type of database this code does not protect
    try:
        if args.db_command == "backup":
            print(f"backed up to {backup(url, Path(args.path), force=args.force)}")
            return EXIT_OK
        if args.db_command == "restore":
            safety = restore(url, Path(args.path))
            print(f"restored from {args.path}; the previous database was kept as {safety}")
            return EXIT_OK
    except BackupError as error:
        print(str(error), file=sys.stderr)
        return EXIT_BAD_INPUT
    engine = make_engine(url)
    try:
        status = schema_status(engine)
        if args.db_command == "upgrade":
            upgrade(engine)
            print(f"database schema at {schema_status(engine).current} (was {status.current or 'empty'})")
        else:
            print(f"database schema {status.current or 'empty'}; the code expects {status.head} ({status.state})")
    except OperationalError as error:
        print(str(translated(error)), file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        engine.dispose()
    return EXIT_OK


def _database_with_schema(url_option: str | None):
    """The engine of a database that `db upgrade` made and brought up to date.

    audit and users only read and add rows: a path where there is no database is
    not made into an empty one (with its folders), it is named."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError

    from .storage.database import database_url, is_sqlite, make_engine
    from .storage.schema_version import schema_status

    url = database_url(url_option)
    shown = make_url(url).render_as_string(hide_password=True)
    upgrade_hint = f"create or upgrade it with `python -m secu4all_ethics db upgrade --database {shown}`"
    if is_sqlite(url):
        path = make_url(url).database or ""
        if path.startswith("file:"):  # a URI filename (…?mode=ro&uri=true)
            path = path[len("file:") :].split("?", 1)[0]
        if path not in ("", ":memory:") and not Path(path).is_file():
            raise CommandError(f"{shown}: there is no database at this path; {upgrade_hint}")
    engine = make_engine(url)
    try:
        status = schema_status(engine)
    except DBAPIError as error:
        engine.dispose()
        raise CommandError(f"{shown}: cannot be opened as a database ({_first_line(error.orig)})") from None
    if status.state != "current":
        engine.dispose()
        found = "has no schema" if status.current is None else f"has schema {status.current}"
        raise CommandError(f"{shown}: the database {found}, the code needs {status.head}; {upgrade_hint}")
    return engine


def cmd_audit(args: argparse.Namespace) -> int:
    from .storage.repository import Storage
    from .storage.verification import verify

    engine = _database_with_schema(args.database)
    storage = Storage(engine)
    try:
        with storage.transaction() as session:
            report = verify(session, storage.audit_key)
    except StorageError as error:
        print(str(error), file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        engine.dispose()
    print("\n".join(report.lines()), file=sys.stdout if report.intact else sys.stderr)
    return EXIT_OK if report.intact else EXIT_BAD_INPUT


def cmd_workshops(args: argparse.Namespace) -> int:
    from .services.workshops import WorkshopService
    from .storage.repository import Storage

    engine = _database_with_schema(args.database)
    try:
        purged = WorkshopService(Storage(engine)).purge_expired()
    except StorageError as error:
        print(str(error), file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        engine.dispose()
    print(f"deleted the participants' data of {purged} expired workshop{'' if purged == 1 else 's'}")
    return EXIT_OK


def _read_password(args: argparse.Namespace) -> str:
    """From standard input with --password-stdin, else asked for without echo: never from argv,
    which the shell history and the process list keep."""
    import getpass

    return sys.stdin.readline().rstrip("\r\n") if args.password_stdin else getpass.getpass("password: ")


def _add_user(storage, args: argparse.Namespace) -> str:
    from .services.auth import create_user

    create_user(
        storage,
        None,
        username=args.username,
        display_name=args.name or args.username,
        role=args.role,
        organisation=args.organisation,
        password=_read_password(args),
    )
    return f"added {args.role} {args.username!r} ({args.organisation})"


def _list_users(storage, args: argparse.Namespace) -> str:
    from .services.auth import list_accounts

    accounts = list_accounts(storage)
    if args.format == "json":
        return json.dumps([vars(account) for account in accounts], ensure_ascii=False, indent=2)
    header = ("user name", "display name", "role", "organisation", "source", "state")
    rows = [header] + [(a.username, a.display_name, a.role, a.organisation, a.auth_source, a.state) for a in accounts]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows)


def _change_user(storage, args: argparse.Namespace) -> str:
    from .services.auth import reset_password, set_account_disabled, unlock_account

    command = args.users_command
    if command == "reset-password":
        reset_password(storage, args.username, _read_password(args))
        return f"reset the password of {args.username!r}; its sessions have ended"
    if command == "unlock":
        unlock_account(storage, args.username)
        return f"unlocked {args.username!r}"
    set_account_disabled(storage, args.username, command == "disable")
    return f"{command}d {args.username!r}" + ("; its sessions have ended" if command == "disable" else "")


def cmd_users(args: argparse.Namespace) -> int:
    from .storage.repository import Storage

    engine = _database_with_schema(args.database)  # before the password is asked for
    run = {"add": _add_user, "list": _list_users}.get(args.users_command, _change_user)
    try:
        output = run(Storage(engine), args)
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        engine.dispose()
    print(output)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    from .report.formats import format_names as report_format_names  # the registry, without the report builder

    parser = argparse.ArgumentParser(prog="python -m secu4all_ethics", description=__doc__.splitlines()[0])
    parser.add_argument("--content", default=None, help="content folder (default: criteria/ or $SECU4ALL_CONTENT_DIR)")
    parser.add_argument("--framework", default=DEFAULT_FRAMEWORK_ID, help="framework id")
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check content folders and assessment files")
    validate.add_argument("paths", nargs="*", help="content folders, assessment files or folders of them")
    validate.set_defaults(run=cmd_validate)

    catalogue = commands.add_parser("catalogue", help="list the options of the catalogue")
    catalogue.add_argument("--lang", choices=LANGUAGES, default="en")
    catalogue.add_argument("--format", choices=("text", "json"), default="text")
    catalogue.set_defaults(run=cmd_catalogue)

    schema = commands.add_parser("schema", help="print (or --write) the JSON Schemas of the file formats")
    schema.add_argument("--write", metavar="DIR", help="write one schema file per format into DIR")
    schema.set_defaults(run=cmd_schema)

    evaluate_cmd = commands.add_parser("evaluate", help="evaluate an assessment file (or a JSON report) and write its report or its result")
    evaluate_cmd.add_argument("assessment")
    evaluate_cmd.add_argument(
        "--format",
        choices=(*report_format_names(), "result"),
        default="json",
        help="the justification report in that format (json: the report with its assessment and result, re-importable); result: the evaluation result alone",
    )
    evaluate_cmd.add_argument("--lang", choices=LANGUAGES, default=None, help="report language (default: the assessment's)")
    evaluate_cmd.add_argument("--output", "-o", default=None, help="write to this file instead of standard output")
    evaluate_cmd.add_argument("--no-charts", action="store_true", help="leave chart images out (their data tables stay)")
    evaluate_cmd.add_argument(
        "--database",
        default=None,
        help="for a JSON report: the database whose review record verifies its signature (without it, a signature "
        "is shown as recorded in the file, not verified)",
    )
    evaluate_cmd.set_defaults(run=cmd_evaluate)

    tender = commands.add_parser("tender", help="write the tender document (clauses, vendor questions, grid for bids) of an assessment file")
    tender.add_argument("assessment")
    tender.add_argument("--format", choices=("docx", "markdown"), default="markdown", help="docx: editable, for the tender file")
    tender.add_argument("--lang", choices=LANGUAGES, default=None, help="document language (default: the assessment's)")
    tender.add_argument("--output", "-o", default=None, help="write to this file instead of standard output")
    tender.set_defaults(run=cmd_tender)

    database_help = "database URL (default: $SECU4ALL_DATABASE_URL or the SQLite file data/secu4all.db)"
    # --database is accepted before and after the subcommand (`db upgrade --database URL`, as the README shows);
    # after it, it is only set when given, so it never hides one given before.
    database_after = argparse.ArgumentParser(add_help=False)
    database_after.add_argument("--database", default=argparse.SUPPRESS, help=database_help)
    db = commands.add_parser("db", help="database schema and backups")
    db.add_argument("--database", default=None, help=database_help)
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", parents=[database_after], help="apply schema migrations")
    db_commands.add_parser("current", parents=[database_after], help="show the schema version")
    db_backup = db_commands.add_parser("backup", parents=[database_after], help="copy the database to PATH (SQLite online backup)")
    db_backup.add_argument("path")
    db_backup.add_argument("--force", action="store_true", help="replace PATH if it exists")
    db_restore = db_commands.add_parser("restore", parents=[database_after], help="restore the database from PATH (the current one is kept aside)")
    db_restore.add_argument("path")
    db.set_defaults(run=cmd_db)

    def database_command(name: str, help_text: str, run) -> argparse._SubParsersAction:
        """A command on the database (--database before or after its subcommand); returns its subcommands."""
        command = commands.add_parser(name, help=help_text)
        command.add_argument("--database", default=None, help=database_help)
        command.set_defaults(run=run)
        return command.add_subparsers(dest=f"{name}_command", required=True)

    audit_commands = database_command("audit", "the audit trail", cmd_audit)
    audit_commands.add_parser(
        "verify",
        parents=[database_after],
        help="check the hash chain, its MACs ($SECU4ALL_AUDIT_KEY) and every version and review record against it",
    )

    users_commands = database_command("users", "local accounts", cmd_users)
    users_add = users_commands.add_parser("add", parents=[database_after], help="add an account")
    users_add.add_argument("username")
    users_add.add_argument("--role", required=True, choices=("assessor", "dpo", "facilitator", "participant", "admin"))
    users_add.add_argument("--organisation", required=True)
    users_add.add_argument("--name", default="", help="display name")
    users_add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    users_list = users_commands.add_parser("list", parents=[database_after], help="list the accounts with their role and state")
    users_list.add_argument("--format", choices=("text", "json"), default="text")
    for command, help_text in (
        ("disable", "stop an account from signing in and end its sessions"),
        ("enable", "let a disabled account sign in again"),
        ("unlock", "lift the lockout after repeated failed sign-ins"),
        ("reset-password", "set a new password (asked for, or read with --password-stdin) and end the account's sessions"),
    ):
        changed = users_commands.add_parser(command, parents=[database_after], help=help_text)
        changed.add_argument("username")
        if command == "reset-password":
            changed.add_argument("--password-stdin", action="store_true", help="read the new password from standard input")

    database_command("workshops", "training workshops", cmd_workshops).add_parser(
        "purge-expired",
        parents=[database_after],
        help="delete the participants' data of every workshop whose expiry has passed (for cron; the app also does it as it is used)",
    )
    return parser


def _first_line(error: BaseException | None) -> str:
    lines = str(error).strip().splitlines() if error is not None else []
    return lines[0] if lines else ""


def _safe_detail(error: Exception) -> str:
    """What an internal error may show: one line, and for a database error only the database's own
    message, never SQLAlchemy's, which quotes the statement and its parameters (a password hash)."""
    statement_error = getattr(sys.modules.get("sqlalchemy.exc"), "StatementError", None)
    if statement_error is not None and isinstance(error, statement_error):
        return _first_line(error.orig) or "a database statement failed"
    return _first_line(error)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    standard_output, sys.stdout = sys.stdout, _NamedStandardOutput(sys.stdout)
    try:
        code = args.run(args)
        sys.stdout.flush()
        return code
    except ContentError as error:
        for issue in error.issues:
            print(issue, file=sys.stderr)
        return EXIT_BAD_INPUT
    except StorageError as error:
        # A read-only, full or unreachable database is the operator's to fix, not a bug.
        print(error, file=sys.stderr)
        return EXIT_BAD_INPUT
    except CommandError as error:
        print(error, file=sys.stderr)
        if isinstance(error, OutputError) and error.target == STANDARD_OUTPUT:
            _discard_standard_output(standard_output)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        _discard_standard_output(standard_output)
        return EXIT_OK
    except Exception as error:  # noqa: BLE001 - the last line of defence against a traceback
        if os.environ.get("SECU4ALL_DEBUG") == "1":
            raise
        print(f"internal error: {type(error).__name__}: {_safe_detail(error)} (set SECU4ALL_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        sys.stdout = standard_output
