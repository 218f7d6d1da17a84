"""How a dialect reads one file of a bundle into its staged records — the same
for every dialect: the progress told, the columns it does not read noted for the
report, the rows it read counted against the file."""

from __future__ import annotations

from collections.abc import Callable

from ingest.source import Bundle
from ingest.staged import Staged
from ingest.table import FileSpec, Table, open_table


def read_file(
    bundle: Bundle,
    spec: FileSpec,
    encoding: str,
    st: Staged,
    read: Callable[[Table], int],
    *,
    progress: Callable[[str], None] | None = None,
    date_pattern: str | None = None,
    fallback: dict[str, int] | None = None,
) -> None:
    """Open the file ``spec`` names and stage its rows with ``read`` (which returns
    how many rows it read)."""
    if progress is not None:
        progress(bundle.files[spec.key])
    with open_table(bundle, spec, encoding, st.problems, date_pattern, fallback) as table:
        if table.unknown:
            st.unknown_columns[table.file] = table.unknown
        st.file_rows[table.file] = read(table)
