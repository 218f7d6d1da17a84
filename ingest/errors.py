"""What can go wrong with a bundle: one problem per bad value, and the two errors a
load raises (the data is invalid / the bundle cannot be read at all)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from graph.errors import PowermapError

Severity = Literal["error", "warning"]
#: An error is a row that cannot load as written; a warning is a link or signal
#: lost while the row loads (a partial export, an open task, a lead).
ERROR: Severity = "error"
WARNING: Severity = "warning"

_MAX_SHOWN_VALUE = 80


def show_value(value: str) -> str:
    """A value as a problem line shows it: one line, at most 80 characters.

    >>> show_value("a\\nb")
    'a\\\\nb'
    >>> len(show_value("x" * 500))
    80
    """
    shown = value.replace("\r", "\\r").replace("\n", "\\n")
    if len(shown) > _MAX_SHOWN_VALUE:
        return shown[: _MAX_SHOWN_VALUE - 1] + "…"
    return shown


@dataclass(frozen=True, slots=True)
class Problem:
    """One rejected value: ``file:line: column: value: reason``.

    ``line`` is the physical line in the file (the header is line 1). ``primary`` is
    false for a row rejected only because a row it depends on was rejected: such rows
    are listed in the rejects file but are not problems of their own. A ``warning``
    does not stop the load: the row loads without the link or signal it names.

    >>> str(Problem("units.csv", 3, "kind", "site", "not one of: division, branch"))
    'units.csv:3: kind: site: not one of: division, branch'
    """

    file: str
    line: int
    column: str
    value: str
    reason: str
    primary: bool = True
    severity: Severity = ERROR

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {show_value(self.value)}: {self.reason}"


class BundleUnreadableError(PowermapError):
    """The bundle cannot be read: missing, not a folder or zip, unsafe zip, wrong
    encoding, binary content. Nothing was written."""

    title = "Bundle unreadable"
    #: a refused bundle's report, when the load got that far (see BundleInvalidError)
    report: object | None = None


class BundleInvalidError(PowermapError):
    """The bundle was read but some rows are invalid. Nothing was written; every
    problem is in ``problems``."""

    title = "Bundle invalid"

    def __init__(self, problems: Sequence[Problem], count: int | None = None) -> None:
        #: the first examples of each group (every problem when there are few)
        self.problems = list(problems)
        count = len(self.problems) if count is None else count
        self.count = count
        head = "\n".join(str(p) for p in self.problems[:20])
        more = f"\n… and {count - min(20, len(self.problems))} more" if count > 20 else ""
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} in the bundle; nothing was written. "
            f"Fix them, or load the good rows with --skip-invalid:\n{head}{more}"
        )
        #: set by the load: the report of what was read, with every problem group
        self.report: object | None = None


class IngestOptionError(PowermapError):
    """An ingest option is unusable (e.g. a malformed --unit-kind-map file)."""

    title = "Invalid ingest option"
