"""``POST /v1/ingest``: load an uploaded bundle (.zip) with the same validation and
report as ``powermap ingest``.

The upload is copied to a private temporary folder in chunks, bounded by
``max_upload_bytes`` (the body limit has bounded the request already; this bounds
the copy again, whatever the multipart parser did), and decompression is bounded
by ``max_uncompressed_bytes`` while the zip is read. The folder is removed on every
way out of the request; one left by a killed server (up to 64 MiB of CRM data) is
removed by the next upload (see :func:`sweep_stale_uploads`).
"""

from __future__ import annotations

import fcntl
import re
import shutil
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, BinaryIO, Final, Literal, TypeVar

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse

from api.after_load import after_load
from api.audit import record_load
from api.deps import SettingsDep, StoreDep, Writer
from api.errors import PROBLEM_JSON, http_status, problem_responses
from api.params import IsoDate
from api.settings import Settings
from graph.errors import StoreBusyError
from graph.store import GraphStore
from ingest.errors import BundleInvalidError, BundleUnreadableError
from ingest.report import FormatChoice, IngestOptions, IngestReport, refusal_document
from queries.errors import InvalidQueryError

router = APIRouter(tags=["ingest"])

CHUNK_BYTES: Final = 1024 * 1024
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
# One load at a time in this server: a second one would only wait for the store's
# write lock while holding its whole bundle in memory.
_LOADING = threading.Lock()

V = TypeVar("V")

_FORMAT = (
    "Dialect: auto (from the files), powermap (native), salesforce, dynamics or hubspot "
    "(mapped needs a mapping file: use the CLI)."
)
_DRY_RUN = "Validate only; write nothing."
_SKIP = "Load the good rows; the report lists the rejected ones."
_AS_OF = "YYYY-MM-DD: decides current vs past positions (Salesforce); default today."
_EITHER = " May be sent as a form field or as a query parameter."
_ENCODING = (
    "The files' encoding (e.g. cp1252, latin-1); default UTF-8, with bytes that are not "
    "UTF-8 read as Windows-1252 (the report says so)."
)
_DATE_FORMAT = "Layout of dates a spreadsheet rewrote, e.g. MM/DD/YY or DD.MM.YYYY."
_UNITS_FROM = "Salesforce: 'department' makes contacts' Department values divisions."
UnitsFrom = Literal["department"]


def _query(alias: str, description: str) -> Any:
    """An option sent as a query parameter: accepted, but documented once, as the
    form field (the document cannot say that the two must agree)."""
    return Query(alias=alias, description=description + _EITHER, include_in_schema=False)


def upload_name(filename: str | None) -> str:
    """The name the report shows for an upload: its base name, made safe.

    >>> upload_name("../../etc/crm export.zip"), upload_name(None)
    ('crm_export.zip', 'upload.zip')
    """
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    safe = _SAFE_NAME.sub("_", base).strip("._")
    return safe if safe.lower().endswith(".zip") else "upload.zip"


UPLOAD_PREFIX: Final = "powermap-upload-"
#: Held (flock) by the process using an upload folder, for as long as it does:
#: the kernel drops it when that process dies, however it dies.
_IN_USE: Final = ".in-use"
#: A folder without its lock file is left alone this long (it may be being made).
_UNLOCKED_GRACE_SECONDS: Final = 300


def sweep_stale_uploads(root: Path | None = None) -> list[Path]:
    """Remove upload folders (``powermap-upload-*`` in ``root``, the system temp
    folder by default) that no live process holds: those a killed server left.
    Folders of other users, or in use, are left alone. Returns those removed."""
    removed: list[Path] = []
    folder = Path(root or tempfile.gettempdir())
    for candidate in folder.glob(UPLOAD_PREFIX + "*"):
        try:
            if not candidate.is_dir() or candidate.is_symlink():
                continue
            marker = candidate / _IN_USE
            if not marker.exists():
                # Older servers made no lock file; a new one makes it at once.
                if time.time() - candidate.stat().st_mtime < _UNLOCKED_GRACE_SECONDS:
                    continue
                shutil.rmtree(candidate)
                removed.append(candidate)
                continue
            with marker.open("rb") as held:
                try:
                    fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # a live upload
                shutil.rmtree(candidate)
                removed.append(candidate)
        except OSError:
            continue  # not ours to remove, or removed meanwhile
    return removed


@contextmanager
def upload_folder() -> Iterator[Path]:
    """A private folder (0700) for one upload, removed on every way out; held
    locked while in use so :func:`sweep_stale_uploads` can tell it from one a
    killed server left. Sweeps such leftovers first."""
    sweep_stale_uploads()
    with tempfile.TemporaryDirectory(prefix=UPLOAD_PREFIX, ignore_cleanup_errors=True) as name:
        folder = Path(name)
        # Lock the marker under another name, then rename it into place: a sweep
        # that sees the marker must find it locked. Made in place, a sweep between
        # the open and the lock took the folder of a live upload.
        pending = folder / f"{_IN_USE}.new"
        with pending.open("wb") as marker:
            fcntl.flock(marker, fcntl.LOCK_EX)
            pending.rename(folder / _IN_USE)
            yield folder


def _save(upload: BinaryIO, target: Path, limit: int) -> None:
    written = 0
    with target.open("wb") as out:
        while chunk := upload.read(CHUNK_BYTES):
            written += len(chunk)
            if written > limit:
                raise HTTPException(
                    413, f"The upload is over the limit of {limit} bytes; split the bundle."
                )
            out.write(chunk)


def _pick(name: str, form: V | None, query: V | None, default: V) -> V:
    if form is not None and query is not None and form != query:
        raise InvalidQueryError(
            f"{name} is given twice with different values (form {form!r}, query {query!r}); "
            "give it once"
        )
    if form is not None:
        return form
    return default if query is None else query


def _refused(
    request: Request, exc: BundleInvalidError | BundleUnreadableError, source: str
) -> JSONResponse:
    """A load that wrote nothing: the ingest report in the shape of every report
    (and of ``powermap ingest --json``), as an application/problem+json document."""
    status = http_status(exc)
    body = refusal_document(exc, source, status, request.url.path)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


@router.post(
    "/v1/ingest",
    response_model=IngestReport,
    summary="Load a CRM bundle (.zip)",
    description="Upload a bundle: a .zip of the native CSV files or of a Salesforce "
    "export (multipart field `file`). Every row is validated first: when any is invalid "
    "nothing is written and the 422 problem lists each (file, line, column, value, "
    "reason), unless skip_invalid is set. Loads are atomic. Needs the writer role. "
    "The options may also be sent as query parameters (a query and a form value that "
    "differ are refused): the document lists them once, as form fields.",
    responses=problem_responses(400, 401, 403, 409, 413, 422, 503),
)
def ingest_bundle(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    caller: Writer,
    file: Annotated[UploadFile, File(description="The bundle: a .zip of CSV files.")],
    format_form: Annotated[
        FormatChoice | None, Form(alias="format", description=_FORMAT + _EITHER)
    ] = None,
    dry_run_form: Annotated[bool | None, Form(alias="dry_run", description=_DRY_RUN)] = None,
    skip_invalid_form: Annotated[bool | None, Form(alias="skip_invalid", description=_SKIP)] = None,
    as_of_form: Annotated[IsoDate | None, Form(alias="as_of", description=_AS_OF)] = None,
    encoding_form: Annotated[
        str | None, Form(alias="encoding", max_length=40, description=_ENCODING + _EITHER)
    ] = None,
    date_format_form: Annotated[
        str | None,
        Form(alias="date_format", max_length=40, description=_DATE_FORMAT + _EITHER),
    ] = None,
    units_from_form: Annotated[
        UnitsFrom | None, Form(alias="units_from", description=_UNITS_FROM + _EITHER)
    ] = None,
    format_query: Annotated[
        FormatChoice | None,
        _query("format", _FORMAT),
    ] = None,
    dry_run_query: Annotated[bool | None, _query("dry_run", _DRY_RUN)] = None,
    skip_invalid_query: Annotated[
        bool | None,
        _query("skip_invalid", _SKIP),
    ] = None,
    as_of_query: Annotated[IsoDate | None, _query("as_of", _AS_OF)] = None,
    encoding_query: Annotated[str | None, _query("encoding", _ENCODING)] = None,
    date_format_query: Annotated[str | None, _query("date_format", _DATE_FORMAT)] = None,
    units_from_query: Annotated[UnitsFrom | None, _query("units_from", _UNITS_FROM)] = None,
) -> IngestReport | JSONResponse:
    options = IngestOptions(
        format=_pick("format", format_form, format_query, "auto"),
        dry_run=_pick("dry_run", dry_run_form, dry_run_query, False),
        skip_invalid=_pick("skip_invalid", skip_invalid_form, skip_invalid_query, False),
        as_of=_pick("as_of", as_of_form, as_of_query, None),
        encoding=_pick("encoding", encoding_form, encoding_query, None),
        date_format=_pick("date_format", date_format_form, date_format_query, None),
        units_from=_pick("units_from", units_from_form, units_from_query, None),
        max_bytes=settings.max_uncompressed_bytes,
        max_member_bytes=settings.max_uncompressed_bytes,
    )
    return _load_upload(request, store, settings, file, options, caller.name)


def _load_upload(
    request: Request,
    store: GraphStore,
    settings: Settings,
    file: UploadFile,
    options: IngestOptions,
    who: str,
) -> IngestReport | JSONResponse:
    """Save the upload in a private folder and load it, one load at a time in this
    server (another at once is refused as busy, not queued: the caller waits)."""
    if not _LOADING.acquire(blocking=False):
        raise StoreBusyError(
            "another bundle is being loaded by this server; retry when it has finished"
        )
    try:
        with upload_folder() as folder:
            target = folder / upload_name(file.filename)
            _save(file.file, target, settings.max_upload_bytes)
            if not zipfile.is_zipfile(target):
                raise BundleUnreadableError(
                    f"{target.name}: not a .zip file; upload the bundle's CSV files zipped"
                )
            # The readers load with the first upload, not at start-up (issue 14).
            from ingest.service import load_bundle

            try:
                report = load_bundle(target, store, options)
            except (BundleInvalidError, BundleUnreadableError) as exc:
                return _refused(request, exc, target.name)
            record_load(store, who, report)
            if not options.dry_run:
                after_load(request.app)  # prepare the new data now, not at the next poll
            return report
    finally:
        _LOADING.release()
