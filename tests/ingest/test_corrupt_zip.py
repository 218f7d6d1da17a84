"""A damaged zip (a flipped byte, a bad CRC, a member cut short) is "unreadable":
CLI exit 3 and HTTP 400 naming the member, never a traceback or a 500."""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app
from api.commands.ingest import EXIT_UNREADABLE
from api.settings import Settings, parse_api_keys
from graph.embedded import EmbeddedStore
from ingest.errors import BundleInvalidError, BundleUnreadableError
from ingest.report import IngestOptions
from ingest.service import load_bundle
from tests.api.conftest import KEYS, LOCAL, auth
from tests.reliability.test_bombs import Member, raw_zip

ACCOUNTS = "id,name\n" + "".join(f"A{i},Acme {i}\n" for i in range(20))
PEOPLE = "id,account_id,name\n" + "".join(f"P{i},A{i % 20},Person {i}\n" for i in range(40))


def _deflated(text: str) -> bytes:
    deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
    return deflate.compress(text.encode()) + deflate.flush()


def _member(name: str, text: str, *, data: bytes | None = None, crc: int | None = None) -> Member:
    raw = text.encode()
    return Member(
        name,
        8,
        _deflated(text) if data is None else data,
        len(raw),
        zlib.crc32(raw) if crc is None else crc,
    )


def good_zip() -> bytes:
    return raw_zip([_member("accounts.csv", ACCOUNTS), _member("people.csv", PEOPLE)])


def bad_crc() -> bytes:
    """people.csv's recorded CRC is wrong: found once it has been read."""
    wrong = zlib.crc32(PEOPLE.encode()) ^ 0xDEADBEEF
    return raw_zip([_member("accounts.csv", ACCOUNTS), _member("people.csv", PEOPLE, crc=wrong)])


def flipped_deflate_byte() -> bytes:
    """One byte in the middle of people.csv's deflate stream flipped."""
    stream = bytearray(_deflated(PEOPLE))
    stream[len(stream) // 2] ^= 0xFF
    return raw_zip(
        [_member("accounts.csv", ACCOUNTS), _member("people.csv", PEOPLE, data=bytes(stream))]
    )


def truncated_member() -> bytes:
    """people.csv's deflate stream cut in half (its sizes say so too)."""
    stream = _deflated(PEOPLE)
    half = stream[: len(stream) // 2]
    return raw_zip([_member("accounts.csv", ACCOUNTS), _member("people.csv", PEOPLE, data=half)])


CASES = {
    "bad CRC": bad_crc,
    "flipped byte": flipped_deflate_byte,
    "truncated member": truncated_member,
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    with EmbeddedStore(tmp_path / "graph.db") as opened:
        yield opened


@pytest.mark.parametrize("case", list(CASES), ids=lambda c: c.replace(" ", "-"))
def test_corrupt_member_is_unreadable_via_cli_and_api(
    case: str, tmp_path: Path, store: EmbeddedStore
) -> None:
    data = CASES[case]()
    archive = tmp_path / "damaged.zip"
    archive.write_bytes(data)

    result = CliRunner().invoke(
        app, ["ingest", str(archive), "--store", str(tmp_path / "cli.db"), "--json"]
    )
    assert result.exit_code == EXIT_UNREADABLE, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "people.csv" in result.stdout, result.stdout
    assert "corrupt" in result.stdout

    with TestClient(
        create_app(Settings(api_keys=parse_api_keys(KEYS)), store=store), base_url=LOCAL
    ) as client:
        r = client.post(
            "/v1/ingest",
            files={"file": ("damaged.zip", data, "application/zip")},
            headers=auth("writer"),
        )
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["title"] == "Bundle unreadable"
    assert "people.csv" in body["detail"]
    assert "corrupt" in body["detail"]
    assert str(tmp_path) not in body["detail"]
    assert store.counts()["account"] == 0  # accounts.csv was fine: nothing written


def test_every_damaged_byte_is_a_clear_refusal_never_a_crash(tmp_path: Path) -> None:
    """Every single-byte flip, every truncation and a few hundred random multi-byte
    corruptions of a small zip: each loads (a harmless byte), is invalid, or is
    unreadable — no other exception escapes."""
    data = good_zip()
    rng = random.Random(16)
    variants = [data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1 :] for i in range(len(data))]
    variants += [data[:i] for i in range(len(data))]
    for _ in range(500):
        damaged = bytearray(data)
        for _ in range(rng.randint(2, 6)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        variants.append(bytes(damaged))
    archive = tmp_path / "damaged.zip"
    refused = 0
    with EmbeddedStore(tmp_path / "graph.db") as store:
        for i, variant in enumerate(variants):
            archive.write_bytes(variant)
            try:
                load_bundle(archive, store, IngestOptions(dry_run=True))
            except (BundleUnreadableError, BundleInvalidError):
                refused += 1
            except Exception as exc:  # the bug: anything else reaches the user raw
                pytest.fail(f"variant {i}: {type(exc).__name__}: {exc}")
    assert refused > len(variants) // 2
