"""The reference checks of staged link rows (:mod:`ingest.bulk_stage`): SQL finds
the rows whose team member or person the bundle does not carry; only those are
looked at in Python — found in the store, or rejected with the same problem the
record path gives, at the row's own file and line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from graph.schema import RecordKind
from ingest.errors import Problem
from ingest.staged import Staged

if TYPE_CHECKING:
    from ingest.validate import Ref

#: Per kind: the columns its two references are reported under.
_COLUMNS: Final = {
    RecordKind.RELATIONSHIP: ("team_member_id", "person_id"),
    RecordKind.ACTIVITY: ("team_member_id", "person_id"),
    RecordKind.PERSON_TIE: ("person_id", "other_person_id"),
}


def check_staged_links(st: Staged, kind: RecordKind, team: Ref, people: Ref) -> None:
    """Reject the staged link rows of ``kind`` whose references fail, as
    :meth:`ingest.validate._Validator._check_all` does for staged records."""
    stage = st.leaves
    file = None if stage is None else stage.files.get(kind)
    if stage is None or file is None:
        return
    if not stage.ids_loaded:
        stage.load_ids(team.staged.keys(), people.staged.keys())
    first = people if kind is RecordKind.PERSON_TIE else team
    refs = tuple(zip(_COLUMNS[kind], (first, people), strict=True))
    gone: list[int] = []
    for batch in stage.flagged(kind):
        # The store is asked once per batch, for the ids the bundle lacks.
        first.fetch({r[2] for r in batch})
        people.fetch({r[3] for r in batch})
        for rowid, line, *ids in batch:
            for (column, ref), id_ in zip(refs, ids, strict=True):
                failed = ref.check(id_)
                if failed:
                    reason, primary = failed
                    st.problems.append(Problem(file, line, column, id_, reason, primary))
                    gone.append(rowid)
                    break
    # Dropped once the scan is over: the stage is not changed under a reading cursor.
    stage.drop(kind, gone)
    st.tally(kind).rejected += len(gone)
