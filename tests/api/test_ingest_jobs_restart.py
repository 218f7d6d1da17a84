"""Load jobs survive a restart (issue 17): the history (status, progress, report)
is in a SQLite file, read by the next server on the same store; a job its server
left queued or running is marked failed with the reason, unless that server is
still alive; the history is bounded."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from api.ingest_jobs import KEPT_JOBS, Jobs
from api.job_history import JOBS_SUFFIX, JobHistory, history_path
from graph.embedded import EmbeddedStore
from tests.api.conftest import auth, make_client
from tests.api.test_ingest_api import INITECH, zipped
from tests.api.test_ingest_jobs_api import finished, start
from tests.sample_world import sample_batch


def _store(tmp_path: Path) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path / "graph.db")
    store.apply(sample_batch())
    return store


def _dead_pid() -> int:
    pid = 4_000_000  # a process id no process holds: the first free one from there down
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid -= 1


def _mark(path: Path, job_id: str, status: str, owner: str) -> None:
    """As if the job's server had stopped while the job was ``status``."""
    with sqlite3.connect(path) as conn:
        (body,) = conn.execute("SELECT body FROM jobs WHERE id = ?", (job_id,)).fetchone()
        job = {**json.loads(body), "status": status, "report": None, "finished_at": None}
        conn.execute(
            "UPDATE jobs SET status = ?, owner = ?, body = ? WHERE id = ?",
            (status, owner, json.dumps(job), job_id),
        )


def test_the_history_is_read_by_the_next_server(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        with make_client(store) as first:
            job = finished(first, start(first, zipped(INITECH), dry_run="true").json()["id"])
        assert (tmp_path / ("graph.db" + JOBS_SUFFIX)).is_file()
        with make_client(store) as second:
            again = second.get(f"/v1/ingest/jobs/{job['id']}", headers=auth("writer")).json()
            assert again == job
            assert again["status"] == "done"
            assert again["report"]["outcome"] == "dry_run"
            listed = second.get("/v1/ingest/jobs", headers=auth("writer")).json()["items"]
            assert [j["id"] for j in listed] == [job["id"]]


def test_a_job_left_running_by_a_dead_server_is_failed_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "jobs.sqlite"
    with _store(tmp_path) as store:
        with make_client(store, jobs_file=str(path)) as first:
            dead = finished(first, start(first, zipped(INITECH), dry_run="true").json()["id"])
            alive = finished(first, start(first, zipped(INITECH), dry_run="true").json()["id"])
            kept = finished(first, start(first, zipped(INITECH), dry_run="true").json()["id"])
        _mark(path, dead["id"], "running", f"{_dead_pid()}:gone")
        _mark(path, alive["id"], "queued", f"{os.getppid()}:live")  # another live server
        with make_client(store, jobs_file=str(path)) as second:
            got = second.get(f"/v1/ingest/jobs/{dead['id']}", headers=auth("writer")).json()
            assert got["status"] == "failed"
            assert got["report"]["title"] == "Interrupted"
            assert "stopped while this job was running" in got["report"]["detail"]
            assert "GET /v1/loads" in got["report"]["detail"]
            assert got["progress"]["percent"] == 100
            assert got["finished_at"] is not None
            other = second.get(f"/v1/ingest/jobs/{alive['id']}", headers=auth("writer")).json()
            assert other["status"] == "queued"  # its server may still run it
            same = second.get(f"/v1/ingest/jobs/{kept['id']}", headers=auth("writer")).json()
            assert same == kept  # finished jobs are left as they were


def test_a_job_of_an_earlier_server_in_this_process_is_interrupted(tmp_path: Path) -> None:
    path = tmp_path / "jobs.sqlite"
    first = Jobs(path)
    with _store(tmp_path) as store, make_client(store, jobs_file=str(path)) as c:
        job = finished(c, start(c, zipped(INITECH), dry_run="true").json()["id"])
    _mark(path, job["id"], "running", first._history.owner)
    first.close()
    second = Jobs(path)
    found = second.get(job["id"])
    assert found is not None
    assert found.status == "failed"
    second.close()


def test_the_history_is_bounded_and_keeps_unfinished_jobs(tmp_path: Path) -> None:
    history = JobHistory(tmp_path / "jobs.sqlite", KEPT_JOBS, lambda body: body)
    history.add("old-running", "running", "{}")
    for n in range(KEPT_JOBS + 5):
        history.add(f"job-{n}", "done", json.dumps(n))
    newest = history.newest()
    assert len(newest) == KEPT_JOBS
    assert newest[0] == json.dumps(KEPT_JOBS + 4)
    assert history.get("job-4") is None  # the oldest finished ones went
    assert history.get(f"job-{5 + 1}") is not None
    assert history.get("old-running") == "{}"  # never dropped while unfinished
    history.close()


def test_an_unwritable_place_keeps_the_history_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    history = JobHistory(blocker / "jobs.sqlite", 3, lambda body: body)
    history.add("j", "done", "{}")
    assert history.get("j") == "{}"
    assert not (blocker / "jobs.sqlite").exists()
    history.close()


def test_where_the_history_lives(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        assert history_path(None, store) == tmp_path / "graph.db.jobs"
        assert history_path(str(tmp_path / "x.sqlite"), store) == tmp_path / "x.sqlite"
