"""Decompression bombs, fed to the real entry points in a memory-capped process.

Each bomb is a small zip whose member expands to gigabytes while its header claims
far less: a bzip2 member (Python decompresses bzip2 with no output bound, so one
read used to hold all of it), a deflated member (one endless line), a zip of
600,000 empty entries (one object each once parsed) and a header of 100 million
columns (one cell each once split). ``powermap ingest x.zip`` and
``POST /v1/ingest`` each run in a subprocess whose address space is capped
(``RLIMIT_AS``): a refusal (exit 3 / HTTP 400 "unreadable") proves the bound; an
unbounded read dies of ``MemoryError`` instead. The peak resident size each run
reached (its own ``VmHWM``) must stay small.
"""

from __future__ import annotations

import bz2
import json
import os
import resource
import struct
import subprocess
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Protocol

import pytest

ROOT: Final = Path(__file__).resolve().parents[2]
MIB: Final = 1024 * 1024
GIB: Final = 1024 * MIB
#: Address space of each run: the process needs ~300 MiB to start; a bomb read
#: without bound needs gigabytes.
ADDRESS_SPACE: Final = 1 * GIB
#: What a refused bomb may cost at most, resident (a plain run peaks near 100 MB).
MAX_PEAK_RSS: Final = 400 * MIB
EXPANDS_TO: Final = 3 * GIB // 2
ACCOUNTS: Final = b"id,name\nB1,Bomb Inc\n"

pytestmark = pytest.mark.skipif(
    not hasattr(resource, "RLIMIT_AS") or sys.platform != "linux",
    reason="needs RLIMIT_AS and /proc (Linux)",
)


# ------------------------------------------------------------------ building zips
@dataclass(frozen=True, slots=True)
class Member:
    name: str
    method: int  # 0 stored, 8 deflated, 12 bzip2
    data: bytes  # as stored in the archive (already compressed)
    claimed_size: int  # what the headers say it expands to
    crc: int = 0


def raw_zip(members: list[Member]) -> bytes:
    """A zip written field by field, so headers can claim whatever a hostile one
    claims (:mod:`zipfile` would write the true sizes)."""
    out = bytearray()
    directory = bytearray()
    for m in members:
        name = m.name.encode()
        offset = len(out)
        fixed = (20, 0, m.method, 0, 0, m.crc, len(m.data), m.claimed_size, len(name))
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", *fixed, 0) + name + m.data
        directory += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, *fixed, 0, 0, 0, 0, 0o100644 << 16, offset
        )
        directory += name
    count = min(len(members), 0xFFFF)  # a bigger count is what the directory holds
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), len(out), 0)
    return bytes(out + directory + end)


class Compressor(Protocol):
    def compress(self, data: bytes, /) -> bytes: ...
    def flush(self) -> bytes: ...


def _compressed(compressor: Compressor, chunks: Iterator[bytes]) -> bytes:
    parts = [compressor.compress(chunk) for chunk in chunks]
    parts.append(compressor.flush())
    return b"".join(parts)


def _blocks(block: bytes, total: int) -> Iterator[bytes]:
    yield b"id,account_id,name\n"
    for _ in range(total // len(block)):
        yield block


def bzip2_bomb() -> bytes:
    """~2 KB: a bzip2 member of 1.5 GiB of zeros that claims 100 bytes."""
    data = _compressed(bz2.BZ2Compressor(9), _blocks(b"\0" * (64 * MIB), EXPANDS_TO))
    return raw_zip(
        [
            Member("accounts.csv", 0, ACCOUNTS, len(ACCOUNTS), zlib.crc32(ACCOUNTS)),
            Member("people.csv", 12, data, 100),
        ]
    )


def deflate_bomb() -> bytes:
    """~1.5 MB: a deflated member of one 1.5 GiB line that claims 500 MiB (within
    the 512 MiB default bound, so its header alone does not give it away)."""
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = _compressed(raw, _blocks(b"x" * (64 * MIB), EXPANDS_TO))
    return raw_zip(
        [
            Member("accounts.csv", 0, ACCOUNTS, len(ACCOUNTS), zlib.crc32(ACCOUNTS)),
            Member("people.csv", 8, data, 500 * MIB),
        ]
    )


def entries_bomb() -> bytes:
    """~60 MB: 600,000 empty stored entries (722 MB once parsed, unbounded)."""
    members = [Member("accounts.csv", 0, ACCOUNTS, len(ACCOUNTS), zlib.crc32(ACCOUNTS))]
    members += [Member(f"e{i}.txt", 0, b"", 0) for i in range(600_000)]
    return raw_zip(members)


def wide_header_bomb() -> bytes:
    """~100 KB: a header of 100 million columns, honestly sized (95 MiB) — within
    every size bound; split into cells it took 1.24 GB before the column check."""
    commas = 100_000_000
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunks = iter([b"id,name", *([b"," * 10_000_000] * (commas // 10_000_000)), b"\n"])
    data = _compressed(raw, chunks)
    size = len(b"id,name") + commas + 1
    crc = zlib.crc32(b"\n", zlib.crc32(b"," * commas, zlib.crc32(b"id,name")))
    return raw_zip([Member("accounts.csv", 8, data, size, crc)])


BOMBS: Final = {
    "bzip2": bzip2_bomb,
    "deflate": deflate_bomb,
    "600k-entries": entries_bomb,
    "100M-columns": wide_header_bomb,
}
#: bomb -> words the refusal names.
REFUSALS: Final = {
    "bzip2": ("people.csv", "compression method 12", "stored or deflated"),
    "deflate": ("people.csv:2", "longer than"),
    "600k-entries": ("directory", "entries", "limit of 10000"),
    "100M-columns": ("accounts.csv:1", "longer than", "columns"),
}


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    paths = {}
    for name, build in BOMBS.items():
        paths[name] = folder / f"{name}.zip"
        paths[name].write_bytes(build())
    return paths


# ------------------------------------------------------------------ capped runs
@dataclass(frozen=True, slots=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str
    peak_rss: int  # bytes


#: Caps its own address space, records its peak resident size (VmHWM: this
#: process image's own, not the forking parent's) when it exits, then runs
#: ``sys.argv[3]`` as Python code with the rest as its arguments.
_CAPPED = """
import atexit, resource, sys
limit, peak_file, code = int(sys.argv[1]), sys.argv[2], sys.argv[3]
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

def record_peak() -> None:
    with open("/proc/self/status") as status:
        kib = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(peak_file, "w") as out:
        out.write(kib)

atexit.register(record_peak)
sys.argv = sys.argv[3:]
exec(compile(code, "<capped>", "exec"))
"""


def capped(code: str, args: list[str], folder: Path) -> Run:
    """Run Python ``code`` with ``args`` in a process whose address space is
    capped; its exit code, output and peak resident size."""
    out, err, peak = folder / "stdout", folder / "stderr", folder / "peak-kib"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MALLOC_ARENA_MAX": "2"}
    env.pop("POWERMAP_STORE", None)
    with out.open("wb") as stdout, err.open("wb") as stderr:
        proc = subprocess.run(
            [sys.executable, "-c", _CAPPED, str(ADDRESS_SPACE), str(peak), code, *args],
            stdout=stdout,
            stderr=stderr,
            cwd=ROOT,
            env=env,
            timeout=600,  # a hang guard only
            check=False,
        )
    return Run(
        proc.returncode,
        out.read_text(errors="replace"),
        err.read_text(errors="replace"),
        int(peak.read_text()) * 1024 if peak.exists() else -1,
    )


#: ``powermap ingest …``: what the console script runs.
_CLI = "from api.cli import main; main()"


#: POST /v1/ingest in-process (the app, its routes and limits; no socket needed).
_UPLOAD = """
import json, sys
from pathlib import Path
from fastapi.testclient import TestClient
from api.app import create_app
from api.settings import Settings, parse_api_keys
from graph.embedded import EmbeddedStore
from tests.api.conftest import KEYS, auth

store = EmbeddedStore(Path(sys.argv[2]))
app = create_app(Settings(api_keys=parse_api_keys(KEYS)), store=store)
with TestClient(app, base_url="http://localhost") as client:
    with open(sys.argv[1], "rb") as bundle:
        r = client.post(
            "/v1/ingest",
            files={"file": ("bomb.zip", bundle, "application/zip")},
            headers=auth("writer"),
        )
print(json.dumps({"status": r.status_code, "body": r.json()}))
"""


@pytest.mark.parametrize("bomb", list(BOMBS))
def test_bomb_via_cli_is_refused_with_bounded_memory(
    bomb: str, bombs: dict[str, Path], tmp_path: Path
) -> None:
    store = tmp_path / "graph.db"
    run = capped(_CLI, ["ingest", str(bombs[bomb]), "--store", str(store)], tmp_path)
    assert run.exit_code == 3, (run.exit_code, run.stdout[-2000:], run.stderr[-2000:])
    assert "Bundle unreadable" in run.stdout
    for word in REFUSALS[bomb]:
        assert word in run.stdout, (word, run.stdout)
    assert "Traceback" not in run.stdout + run.stderr
    assert 0 < run.peak_rss < MAX_PEAK_RSS, run.peak_rss
    print(f"{bomb} via CLI: peak RSS {run.peak_rss / MIB:.0f} MiB")


@pytest.mark.parametrize("bomb", list(BOMBS))
def test_bomb_via_upload_api_is_refused_with_bounded_memory(
    bomb: str, bombs: dict[str, Path], tmp_path: Path
) -> None:
    store = tmp_path / "graph.db"
    run = capped(_UPLOAD, [str(bombs[bomb]), str(store)], tmp_path)
    assert run.exit_code == 0, (run.exit_code, run.stdout[-2000:], run.stderr[-3000:])
    answer = json.loads(run.stdout.strip().splitlines()[-1])
    assert answer["status"] == 400, answer
    assert answer["body"]["title"] == "Bundle unreadable"
    for word in REFUSALS[bomb]:
        assert word in answer["body"]["detail"], (word, answer)
    assert 0 < run.peak_rss < MAX_PEAK_RSS, run.peak_rss
    print(f"{bomb} via POST /v1/ingest: peak RSS {run.peak_rss / MIB:.0f} MiB")
