"""Hostile input: Cypher and SQL fragments, unicode, very long strings and NUL in
every id parameter (404 or 422, store unchanged); the same fragments as ids and
names inside a bundle (inert data, read back exactly); and hostile bundles —
traversal names, zip bombs, huge fields, a million columns, NUL bytes, mixed
encodings — refused with a clear error through ``load_bundle`` and through
``POST /v1/ingest``, with nothing written."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings, parse_api_keys
from graph.embedded import EmbeddedStore
from graph.schema import Namespace, node_key
from ingest.errors import BundleInvalidError, BundleUnreadableError
from ingest.service import load_bundle
from ingest.staged import id_syntax_error
from tests.api.conftest import KEYS, LOCAL, auth
from tests.graph._graphs import account_graph
from tests.reliability.conftest import fingerprint

FRAGMENTS = [
    "'",
    '"',
    "`",
    "\\",
    "}) DETACH DELETE n //",
    "' OR 1=1 --",
    "'; DROP TABLE people; --",
    '"; DROP TABLE people; --',
    "` MATCH (n) DETACH DELETE n //",
    "$id",
    "{id}",
    "%",
    "_%",
    "*",
    "..",
    "../../etc/passwd",
    "名前 Ωmega ☃ 😀",
    "\u202eevil\u202c",
    "e\u0301",
    "x" * 256,
    "x" * 257,
    "y" * 20_000,
    "a\x00b",
    "\x00",
    "line\nbreak",
    "tab\tand\rreturn",
    " padded ",
]

#: (path template, extra query) for every id that travels in a path or a query.
TARGETS = [
    ("/v1/accounts/{x}", {}),
    ("/v1/accounts/{x}/org-chart", {}),
    ("/v1/accounts/{x}/coverage", {}),
    ("/v1/accounts/{x}/executive-paths", {}),
    ("/v1/accounts/{x}/key-people", {}),
    ("/v1/accounts/{x}/departure-impact", {"person": "P3"}),
    ("/v1/accounts/A1/org-chart", {"unit_id": "{x}"}),
    ("/v1/accounts/A1/executive-paths", {"unit_id": "{x}"}),
    ("/v1/accounts/A1/executive-paths", {"from": "{x}"}),
    ("/v1/accounts/A1/departure-impact", {"person": "{x}"}),
    ("/v1/accounts/A1/departure-impact", {"team_member": "{x}"}),
    ("/v1/units/{x}/advocates", {}),
    ("/v1/units/{x}/introducers", {"from": "T1"}),
    ("/v1/units/B2/introducers", {"from": "{x}"}),
    ("/v1/people/{x}/paths", {}),
    ("/v1/people/P5/paths", {"from": "{x}"}),
    ("/v1/alerts", {"account_id": "{x}"}),
    ("/v1/alerts", {"team_member": "{x}"}),
    ("/v1/accounts", {"as_of": "{x}"}),
    ("/v1/accounts", {"limit": "{x}"}),
    ("/v1/accounts/A1/executive-paths", {"k": "{x}"}),
    ("/v1/accounts/A1/executive-paths", {"max_hops": "{x}"}),
]
PAGES = ["/accounts/{x}", "/units/{x}", "/team/{x}"]


@pytest.fixture
def client(world: EmbeddedStore) -> Iterator[TestClient]:
    app = create_app(Settings(api_keys=parse_api_keys(KEYS)), store=world)
    with TestClient(app, base_url=LOCAL) as c:
        yield c


def _segment(fragment: str) -> str:
    """A path segment carrying ``fragment``; dots too are escaped, or the client
    would resolve ``..`` before sending."""
    return quote(fragment, safe="").replace(".", "%2E")


def test_hostile_ids_and_parameters_are_404_or_422_and_change_nothing(
    client: TestClient, world: EmbeddedStore
) -> None:
    before = fingerprint(world)
    requests = 0
    for fragment in FRAGMENTS:
        for template, query in TARGETS:
            path = template.replace("{x}", _segment(fragment))
            params = {k: v.replace("{x}", fragment) for k, v in query.items()}
            r = client.get(path, params=params, headers=auth("admin"))
            requests += 1
            assert r.status_code in (404, 422), (template, query, fragment[:40], r.text[:300])
            assert r.headers["content-type"] == "application/problem+json"
            assert r.json()["status"] == r.status_code
        for template in PAGES:
            r = client.get(template.replace("{x}", _segment(fragment)), headers=auth("admin"))
            requests += 1
            assert r.status_code in (400, 404), (template, fragment[:40], r.status_code)
            # With "/" in the id no page route matches: the app's 404 problem answers.
            html = r.headers["content-type"].startswith("text/html")
            assert html or "/" in fragment, (template, fragment[:40], r.text[:200])
    assert requests == len(FRAGMENTS) * (len(TARGETS) + len(PAGES))
    assert fingerprint(world) == before


# ------------------------------------------------------- fragments as bundle data
#: What a CSV cell can carry and an id can be: no NUL (refused), no surrounding
#: blanks (cells are trimmed), and the id syntax ingest enforces (what one URL path
#: segment carries: no "/" or control characters, not "." or "..", at most 256).
ID_FRAGMENTS = [f for f in FRAGMENTS if f == f.strip() and id_syntax_error(f) is None]
#: Fragments a CSV cell carries but an id may not be.
BAD_ID_FRAGMENTS = [
    f for f in FRAGMENTS if "\x00" not in f and f == f.strip() and id_syntax_error(f) is not None
]
NAME_FRAGMENTS = [f for f in FRAGMENTS if "\x00" not in f and f == f.strip()]


def _csv(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _hostile_bundle(folder: Path) -> Path:
    folder.mkdir()
    accounts = [[_account(i, f), name] for i, (f, name) in enumerate(_pairs())]
    people = [[f"{f}", _account(i, f), name] for i, (f, name) in enumerate(_pairs())]
    (folder / "accounts.csv").write_text(_csv(["id", "name"], accounts), encoding="utf-8")
    (folder / "people.csv").write_text(_csv(["id", "account_id", "name"], people), encoding="utf-8")
    return folder


def _account(i: int, fragment: str) -> str:
    return f"acct {i} {fragment}"[:256]


def _pairs() -> list[tuple[str, str]]:
    names = NAME_FRAGMENTS * (len(ID_FRAGMENTS) // len(NAME_FRAGMENTS) + 1)
    return list(zip(ID_FRAGMENTS, names, strict=False))


def test_fragments_load_as_inert_data_and_read_back_exactly(
    world: EmbeddedStore, client: TestClient, tmp_path: Path
) -> None:
    before = world.counts()
    report = load_bundle(_hostile_bundle(tmp_path / "hostile"), world)
    assert report.kinds["person"].created == len(ID_FRAGMENTS)
    after = world.counts()
    assert after["person"] == before["person"] + len(ID_FRAGMENTS)
    assert after["account"] == before["account"] + len(ID_FRAGMENTS)
    # The sample world is untouched: nothing was dropped, matched or deleted.
    assert world.people(["P1", "P3"]).keys() == {"P1", "P3"}
    for i, (pid, name) in enumerate(_pairs()):
        account = _account(i, pid)
        assert world.accounts([account])[account].name == name
        assert world.people([pid])[pid].name == name
        g = account_graph(world, account)
        assert g.nodes[node_key(Namespace.PERSON, pid)]["name"] == name
        # Every id that loads is addressable by URL.
        r = client.get(f"/v1/accounts/{_segment(account)}", headers=auth("reader"))
        assert r.status_code == 200, (account, r.text[:200])
        assert r.json()["account"]["name"] == name
        chart = client.get(
            f"/v1/accounts/{_segment(account)}/org-chart", headers=auth("reader")
        ).json()
        names = [p["person"]["name"] for u in chart["units"] for p in u["people"]]
        assert names == [name]


def test_ids_a_url_cannot_carry_are_refused_with_file_and_line(
    world: EmbeddedStore, tmp_path: Path
) -> None:
    """ids "/", ".", "..", with control characters or over 256 characters used to
    load and then be unreachable by URL: each is now a problem at its file:line."""
    # A bare "\r" would end the row (the writer does not quote it): left out.
    bad = [f for f in BAD_ID_FRAGMENTS if "\r" not in f]
    assert {"..", "../../etc/passwd", "x" * 257, "line\nbreak"} <= set(bad)
    folder = tmp_path / "bad-ids"
    folder.mkdir()
    rows = [[f, f"name {i}"] for i, f in enumerate([*bad, ".", "/", "ok-256" + "x" * 250])]
    (folder / "accounts.csv").write_text(_csv(["id", "name"], rows), encoding="utf-8")
    before = fingerprint(world)
    with pytest.raises(BundleInvalidError) as caught:
        load_bundle(folder, world)
    problems = caught.value.problems
    assert len(problems) == len(bad) + 2  # the 256-character id is fine
    assert all(p.file == "accounts.csv" and p.column == "id" for p in problems)
    assert all("not a usable id" in p.reason and "URL" in p.reason for p in problems)
    by_value = {p.value: p for p in problems}
    assert "257 characters" in by_value["x" * 257].reason
    assert '"/"' in by_value["/"].reason
    assert 'it is ".."' in by_value[".."].reason
    # Physical lines: the header is line 1; "line\nbreak" spans two lines.
    assert by_value[bad[0]].line == 2
    assert by_value["."].line == by_value["line\nbreak"].line + 2
    assert fingerprint(world) == before


# ------------------------------------------------------------- hostile bundles
def _zip(members: dict[str, bytes], *, level: int = 6) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


ACCOUNTS = b"id,name\nH1,Hostile\n"
GIB = 1024 * 1024 * 1024

#: name -> (zip members, words the refusal must contain). Default limits throughout.
HOSTILE: dict[str, tuple[dict[str, bytes], tuple[str, ...]]] = {
    "traversal": ({"accounts.csv": ACCOUNTS, "../../evil.csv": b"id\n"}, ("unsafe path",)),
    "absolute": ({"accounts.csv": ACCOUNTS, "/etc/evil.csv": b"id\n"}, ("unsafe path",)),
    "huge field": (
        {"accounts.csv": b"id,name\nH1," + b"x" * (2 * 1024 * 1024) + b"\n"},
        ("longer than", "accounts.csv:2"),
    ),
    "a million columns": (
        {"accounts.csv": b"id,name," + b",".join(b"c%d" % i for i in range(1_000_000)) + b"\n"},
        ("columns", "accounts.csv:1"),
    ),
    "NUL bytes": ({"accounts.csv": b"id,name\nH1,Hos\x00tile\n"}, ("NUL", "accounts.csv:2")),
    "mixed encodings": (
        {"accounts.csv": "id,name\nH1,Müller\n".encode() + "H2,Müller\n".encode("cp1252")},
        ("not UTF-8", "--encoding"),
    ),
    "binary": ({"accounts.csv": bytes(range(256)) * 64}, ("accounts.csv",)),
}


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """About 1 MiB of zip that inflates to 1 GiB: over the 512 MiB default bound."""
    block = b"\n" * (64 * 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("accounts.csv", ACCOUNTS)
        with archive.open("people.csv", "w", force_zip64=True) as member:
            member.write(b"id,account_id,name\n")
            for _ in range(GIB // len(block)):
                member.write(block)
    return buffer.getvalue()


def _cases(bomb: bytes) -> dict[str, tuple[bytes, tuple[str, ...]]]:
    cases = {name: (_zip(members), words) for name, (members, words) in HOSTILE.items()}
    cases["zip bomb"] = (bomb, ("more than", "536870912"))
    return cases


@pytest.mark.parametrize("case", [*HOSTILE, "zip bomb"], ids=lambda c: c.replace(" ", "-"))
def test_hostile_bundles_are_refused_clearly_and_write_nothing(
    case: str, bomb: bytes, world: EmbeddedStore, client: TestClient, tmp_path: Path
) -> None:
    data, words = _cases(bomb)[case]
    assert len(data) < 8 * 1024 * 1024
    before = fingerprint(world)
    archive = tmp_path / "hostile.zip"
    archive.write_bytes(data)

    with pytest.raises(BundleUnreadableError) as caught:
        load_bundle(archive, world)
    for word in words:
        assert word in caught.value.detail, (word, caught.value.detail)
    assert fingerprint(world) == before

    r = client.post(
        "/v1/ingest",
        files={"file": ("hostile.zip", data, "application/zip")},
        headers=auth("writer"),
    )
    assert r.status_code == 400, r.text[:500]
    assert r.headers["content-type"] == "application/problem+json"
    for word in words:
        assert word in r.json()["detail"]
    assert fingerprint(world) == before
    assert not list(tmp_path.glob("**/*.csv")), "a member was extracted to disk"
