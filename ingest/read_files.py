"""How a dialect reads its files into its staged records — the same for every
dialect: each file the bundle holds, in the dialect's order, the progress told,
the columns it does not read noted for the report, the rows it read counted
against the file."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ingest.source import Bundle
from ingest.staged import Staged
from ingest.table import FileSpec, Table, open_table

#: A file's spec and the reader that stages its rows (returning how many it read).
Step = tuple[FileSpec, Callable[[Table], int]]


def read_files(
    bundle: Bundle,
    steps: Iterable[Step],
    encoding: str,
    st: Staged,
    progress: Callable[[str], None] | None = None,
    date_pattern: str | None = None,
    fallback: dict[str, int] | None = None,
) -> None:
    """Stage the rows of each step's file the bundle holds, in order."""
    for spec, read in steps:
        if spec.key not in bundle.files:
            continue
        if progress is not None:
            progress(bundle.files[spec.key])
        with open_table(bundle, spec, encoding, st.problems, date_pattern, fallback) as table:
            if table.unknown:
                st.unknown_columns[table.file] = table.unknown
            st.file_rows[table.file] = read(table)
