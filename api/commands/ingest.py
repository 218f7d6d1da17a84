"""``powermap ingest PATH``: load a CRM bundle (folder or .zip) into the store."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import closing
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Final

import typer
from rich.console import Console

from api.audit import record_load
from api.commands.common import parse_date
from api.commands.ingest_output import (
    PROGRESS_MIN_BYTES,
    bundle_bytes,
    print_report,
    progress_bar,
)
from api.errors import http_status
from graph.errors import PowermapError
from graph.store import GraphStore
from ingest.errors import BundleInvalidError, BundleUnreadableError, IngestOptionError
from ingest.mail.options import MailOptions
from ingest.report import IngestOptions, IngestReport, Outcome, refusal_document
from ingest.service import load_bundle
from ingest.source import own_folder_bounds

EXIT_OK: Final = 0
EXIT_INVALID: Final = 1  # rows are invalid: nothing written, every problem printed
EXIT_USAGE: Final = 2  # bad option (Typer's own usage errors use 2 as well)
EXIT_UNREADABLE: Final = 3  # the bundle cannot be read: nothing written
EXIT_STORE: Final = 4  # the store cannot be opened or the write failed: nothing written


_HELP = f"""Load a CRM bundle (a folder of CSV files, or a .zip of one) into the store.

The dialect (native powermap files, a Salesforce export, or mail: mbox, .eml and
.ics files) is detected from the file names. Every row is validated first; if any
is invalid nothing is written. Problems are grouped by file, column and reason:
errors (rows that cannot load) and warnings (links or signals lost while their
rows load). The terminal shows the first lines of each group; --problems FILE
writes every one.

Exit codes: {EXIT_OK} loaded (or --dry-run passed); {EXIT_INVALID} invalid rows (each
printed as file:line: column: value: reason); {EXIT_USAGE} bad option;
{EXIT_UNREADABLE} the bundle cannot be read (missing, unsafe zip, wrong encoding);
{EXIT_STORE} the store cannot be opened or written.
"""


class FormatOption(StrEnum):
    AUTO = "auto"
    POWERMAP = "powermap"
    SALESFORCE = "salesforce"
    DYNAMICS = "dynamics"
    HUBSPOT = "hubspot"
    MAPPED = "mapped"
    MAIL = "mail"


class UnitsFrom(StrEnum):
    DEPARTMENT = "department"


def failure_report(source: Path, outcome: Outcome, error: PowermapError) -> IngestReport:
    """The report of a load that wrote nothing, in the shape of every report."""
    report = getattr(error, "report", None)
    if not isinstance(report, IngestReport):
        report = IngestReport(outcome=outcome, source=source.name)
    report.title, report.status, report.detail = error.title, http_status(error), error.detail
    return report


def _fail(
    console: Console, as_json: bool, code: int, error: PowermapError, source: Path
) -> typer.Exit:
    outcome: Outcome = (
        "invalid"
        if isinstance(error, BundleInvalidError)
        else "unreadable"
        if code == EXIT_UNREADABLE
        else "failed"
    )
    report = failure_report(source, outcome, error)
    if as_json:
        typer.echo(json.dumps(refusal_document(error, source.name, http_status(error)), indent=2))
    elif isinstance(error, BundleInvalidError):
        print_report(console, report)
        console.print(
            f"{error.count} problem(s); nothing was written "
            "(fix them, or load the good rows with --skip-invalid)",
            markup=False,
        )
    else:
        console.print(f"{error.title}: {error.detail}", markup=False, highlight=False)
    return typer.Exit(code)


def _mail_options(
    until: str | None,
    members: list[str] | None,
    addresses: list[str] | None,
    domains: list[str] | None,
    mass_mail: int | None,
    aliases: Path | None,
) -> MailOptions:
    """The mail dialect's options (issue 19), from their flags."""
    return MailOptions(
        until=parse_date(until, "--until"),
        exclude_members=tuple(members or ()),
        exclude_addresses=tuple(addresses or ()),
        exclude_domains=tuple(domains or ()),
        aliases=aliases,
        **({"mass_mail_recipients": mass_mail} if mass_mail else {}),
    )


def _wrote(report: IngestReport) -> bool:
    return any(k.created or k.updated or k.deleted for k in report.kinds.values())


def _open(store: str | None) -> tuple[GraphStore | None, Callable[[], GraphStore]]:
    """The store, or None (with how to create it) when it is an embedded store file
    that does not exist yet: a dry run or a refused load then creates no file."""
    from api.root import open_configured_store
    from api.settings import get_settings
    from graph.factory import is_neo4j_uri

    settings = get_settings()
    target = store or settings.store

    def opener() -> GraphStore:
        return open_configured_store(settings, target)

    if not is_neo4j_uri(target) and not Path(target).exists():
        return None, opener
    return opener(), opener


PathArg = Annotated[
    Path, typer.Argument(help="Bundle folder or .zip file; mail: mbox, .eml, .ics or a folder.")
]
FormatOpt = Annotated[
    FormatOption, typer.Option("--format", help="Dialect; auto detects it from file names.")
]
StoreOpt = Annotated[
    str | None, typer.Option(help="Neo4j URI or embedded store file (default: POWERMAP_STORE).")
]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Validate only.")]
SkipInvalidOpt = Annotated[
    bool, typer.Option("--skip-invalid", help="Load the good rows, reject the bad ones.")
]
RejectsOpt = Annotated[
    Path | None,
    typer.Option("--rejects", help="Write rejected rows (file,line,column,value,reason)."),
]
EncodingOpt = Annotated[
    str | None,
    typer.Option(
        help="Encoding of the CSV files (default: UTF-8, bytes that are not UTF-8 read "
        "as Windows-1252 / ISO-8859-1, as older Salesforce orgs export)."
    ),
]
DateFormatOpt = Annotated[
    str | None,
    typer.Option(
        "--date-format",
        help="Layout of dates a spreadsheet rewrote, e.g. MM/DD/YY or DD.MM.YYYY "
        "(ISO dates are still read).",
    ),
]
UnitsFromOpt = Annotated[
    UnitsFrom | None,
    typer.Option(
        "--units-from",
        help="Salesforce: 'department' makes each account's Contact.Department values divisions.",
    ),
]
ProblemsOpt = Annotated[
    Path | None,
    typer.Option(
        "--problems", help="Write every error and warning to this CSV file (all of them)."
    ),
]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="YYYY-MM-DD: decides current vs past positions.")
]
UnitKindMapOpt = Annotated[
    Path | None,
    typer.Option(
        "--unit-kind-map",
        help='Salesforce: JSON {"field": F, "values": {value: kind}} or CSV field,value,kind.',
    ),
]
MappingOpt = Annotated[
    Path | None,
    typer.Option("--mapping", help="--format mapped: the TOML mapping file (docs/FORMAT.md)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the report as JSON.")]
UntilOpt = Annotated[
    str | None, typer.Option("--until", help="Mail: count mail and meetings up to YYYY-MM-DD.")
]
ExcludeMemberOpt = Annotated[
    list[str] | None,
    typer.Option("--exclude-member", help="Mail: team member id or e-mail not to read."),
]
ExcludeAddressOpt = Annotated[
    list[str] | None, typer.Option("--exclude-address", help="Mail: address never used.")
]
ExcludeDomainOpt = Annotated[
    list[str] | None, typer.Option("--exclude-domain", help="Mail: domain never used.")
]
MassMailOpt = Annotated[
    int | None,
    typer.Option("--mass-mail", min=1, help="Mail: more outside recipients than this: ignored."),
]
AliasesOpt = Annotated[
    Path | None, typer.Option("--aliases", help="Mail: CSV alias,email of known aliases.")
]


def ingest(
    path: PathArg,
    format: FormatOpt = FormatOption.AUTO,
    store: StoreOpt = None,
    dry_run: DryRunOpt = False,
    skip_invalid: SkipInvalidOpt = False,
    rejects: RejectsOpt = None,
    encoding: EncodingOpt = None,
    date_format: DateFormatOpt = None,
    units_from: UnitsFromOpt = None,
    problems: ProblemsOpt = None,
    as_of: AsOfOpt = None,
    unit_kind_map: UnitKindMapOpt = None,
    mapping: MappingOpt = None,
    as_json: JsonOpt = False,
    until: UntilOpt = None,
    exclude_member: ExcludeMemberOpt = None,
    exclude_address: ExcludeAddressOpt = None,
    exclude_domain: ExcludeDomainOpt = None,
    mass_mail: MassMailOpt = None,
    aliases: AliasesOpt = None,
) -> None:
    console = Console(stderr=False, soft_wrap=True)
    as_of_date = parse_date(as_of, "--as-of")
    try:
        options = IngestOptions(
            format=format.value,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            rejects_path=rejects,
            encoding=encoding,
            as_of=as_of_date,
            unit_kind_map=unit_kind_map,
            mapping=mapping,
            mail=_mail_options(
                until, exclude_member, exclude_address, exclude_domain, mass_mail, aliases
            ),
            date_format=date_format,
            units_from=units_from.value if units_from else None,
            problems_path=problems,
            **own_folder_bounds(path),
        )
        report = _load(console, path, store, options, as_json)
    except PowermapError as exc:
        raise _fail(console, as_json, _exit_code(exc), exc, path) from None
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
    else:
        print_report(console, report)


def _exit_code(error: PowermapError) -> int:
    if isinstance(error, BundleInvalidError):
        return EXIT_INVALID
    if isinstance(error, BundleUnreadableError):
        return EXIT_UNREADABLE
    if isinstance(error, IngestOptionError):
        return EXIT_USAGE
    return EXIT_STORE


def _load(
    console: Console, path: Path, store: str | None, options: IngestOptions, as_json: bool
) -> IngestReport:
    """Load ``path`` into the store and record the load; a store that cannot be
    opened fails with its own error (exit code: the store's)."""
    try:
        graph, opener = _open(store)
    except PowermapError as exc:
        raise _fail(console, as_json, EXIT_STORE, exc, path) from None
    show = not as_json and console.is_terminal and bundle_bytes(path) > PROGRESS_MIN_BYTES
    try:
        with progress_bar(console, show) as step:
            report = load_bundle(path, graph, options, step, opener=opener)
        if graph is not None:
            record_load(graph, "cli", report)
            if not report.dry_run and _wrote(report):
                _fill_answers(graph, store)
        elif not report.dry_run and _wrote(report):  # the load created the store
            with closing(opener()) as created:
                record_load(created, "cli", report)
    finally:
        if graph is not None:
            graph.close()
    return report


def _fill_answers(graph: GraphStore, store: str | None) -> None:
    """Bring the store's kept answers up to date in the background (issue 17/20)."""
    from api.answer_filler import fill_after_cli_load
    from api.settings import get_settings

    settings = get_settings()
    fill_after_cli_load(graph, settings, store or settings.store)


def register(app: typer.Typer) -> None:
    app.command("ingest", help=_HELP)(ingest)
