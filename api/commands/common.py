"""What every answer command shares: its options, how it reads a date, opens the
answer service, maps an error to one line on stderr and an exit code, and prints
the answer (a rich table, or with ``--json`` the API's JSON).

Exit codes: 1 unknown id, 2 bad option, 4 store unavailable or busy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Final, TypeVar

import typer
from pydantic import BaseModel, ValidationError
from rich.console import Console, RenderableType

from api.params import check_as_of
from api.service import Answers
from api.settings import settings_problem
from graph.errors import NotFoundError, PowermapError, StoreBusyError, StoreUnavailableError
from ingest.sfid import typed_id
from queries.errors import InvalidQueryError

EXIT_NOT_FOUND: Final = 1
EXIT_USAGE: Final = 2
EXIT_STORE: Final = 4

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

#: The first kind an error is an instance of gives its exit code; any other
#: PowermapError is taken as an unknown id.
_EXIT_CODES: Final = (
    (NotFoundError, EXIT_NOT_FOUND),
    (InvalidQueryError, EXIT_USAGE),
    (StoreUnavailableError, EXIT_STORE),
    (StoreBusyError, EXIT_STORE),  # a load holds the store: try again, not a bad id
)


def typed(value: str | None) -> str | None:
    """An id as typed: a 15-character Salesforce id becomes the 18-character one."""
    return None if value is None else typed_id(value)


StoreOpt = Annotated[
    str | None,
    typer.Option("--store", help="Neo4j URI or embedded store file (default: POWERMAP_STORE)."),
]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="Answer as of YYYY-MM-DD (default today).")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the answer as JSON (as the API).")]
AccountArg = Annotated[str, typer.Argument(help="Account id.", callback=typed)]


def parse_date(value: str | None, option: str) -> dt.date | None:
    """``value`` as a date (None when not given); a usage error naming ``option``
    otherwise."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date: write YYYY-MM-DD", param_hint=option
        ) from None


def answer_day(as_of: str | None, answers: Answers) -> dt.date:
    """The day to answer for: ``--as-of``, or the service's today."""
    return check_as_of(parse_date(as_of, "--as-of"), answers.today())


@contextmanager
def open_answers(store: str | None, *, read_only: bool = True) -> Iterator[Answers]:
    """The answer service over ``store``; read-only (embedded) unless the command
    writes, so a query may run beside a load."""
    from api.root import open_service

    with open_service(store=store, read_only=read_only) as service:
        yield service.answers


def fail(exc: PowermapError) -> typer.Exit:
    """Print ``exc`` as one line on stderr; the exit that says its kind."""
    Console(stderr=True, soft_wrap=True).print(
        f"{exc.title}: {exc.detail}", markup=False, highlight=False
    )
    code = next((c for kind, c in _EXIT_CODES if isinstance(exc, kind)), EXIT_NOT_FOUND)
    return typer.Exit(code)


def guarded(work: Callable[[], T]) -> T:
    """``work()``, its errors (bad settings included) as one line and an exit code."""
    try:
        return work()
    except ValidationError as exc:
        Console(stderr=True, soft_wrap=True).print(
            f"settings: {settings_problem(exc)}", markup=False, highlight=False
        )
        raise typer.Exit(EXIT_USAGE) from None
    except PowermapError as exc:
        raise fail(exc) from None


def run(
    store: str | None,
    as_of: str | None,
    as_json: bool,
    answer: Callable[[Answers, dt.date], M],
    render: Callable[[M], RenderableType],
) -> None:
    """Open the store, compute the answer, print it."""

    def work() -> M:
        with open_answers(store) as answers:
            return answer(answers, answer_day(as_of, answers))

    result = guarded(work)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
    else:
        Console(soft_wrap=False).print(render(result))
