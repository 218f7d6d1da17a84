"""The query commands on an embedded store file loaded with the sample world:
readable tables, JSON with the hand-worked figures, clean errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from api.cli import app

AS_OF = "2026-11-15"
S_T1_P3 = 0.9 * 0.5 ** (14 / 180)

# Wide enough that rich tables never fold a name.
runner = CliRunner(env={"COLUMNS": "250"})


def run(store_file: str, *args: str, code: int = 0) -> Any:
    result = runner.invoke(app, [*args, "--store", store_file, "--as-of", AS_OF])
    assert result.exit_code == code, result.output
    return result


def as_json(store_file: str, *args: str) -> Any:
    return json.loads(run(store_file, *args, "--json").stdout)


def test_accounts(store_file: str) -> None:
    out = run(store_file, "accounts").stdout
    assert "Acme Holdings" in out
    assert "Globex" in out
    body = as_json(store_file, "accounts")
    assert [a["account_id"] for a in body["items"]] == ["A1", "A2"]


def test_coverage_table_and_json(store_file: str) -> None:
    out = run(store_file, "coverage", "A1").stdout
    for text in ("Acme Europe", "Acme Lyon", "Paris IT Budget", "covered", "nobody recorded"):
        assert text in out
    body = as_json(store_file, "coverage", "A1")
    status = {r["id"]: r["status"] for r in body["units"]}
    assert status["B1"] == "covered"
    assert status["D1"] == "weak"
    assert [g["id"] for g in body["gaps"][:2]] == ["D2", "B2"]


def test_advocates(store_file: str) -> None:
    out = run(store_file, "advocates", "B2").stdout
    assert "Chloé Durand" in out
    assert "0.746" in out
    body = as_json(store_file, "advocates", "B2")
    assert [(a["person"]["id"], round(a["score"], 3)) for a in body["advocates"]] == [
        ("P3", 0.746),
        ("P4", 0.589),
    ]


def test_paths_print_the_hops_as_a_chain(store_file: str) -> None:
    out = run(store_file, "paths", "A1").stdout
    assert "Tom Reed —relationship 0.85→ Chloé Durand —tie:colleague 0.70→ Emma Leroy" in out
    assert "Chloé Durand —reports_to 0.60→ Bruno Petit —reports_to 0.60→ Alice Martin" in out
    body = as_json(store_file, "paths", "A1", "--k", "2", "--max-hops", "3")
    assert [p["target"]["id"] for p in body["paths"]] == ["P5", "P2"]
    assert round(body["paths"][0]["strength"], 3) == round(S_T1_P3 * 0.7, 3)


def test_paths_to_a_person(store_file: str) -> None:
    body = as_json(store_file, "paths", "--person", "P5", "--from", "T1")
    assert [n["id"] for n in body["paths"][0]["nodes"]] == ["T1", "P3", "P5"]
    out = run(store_file, "paths", "--person", "P5", "--from", "T1").stdout
    assert "Emma Leroy" in out


def test_introducers(store_file: str) -> None:
    out = run(store_file, "introducers", "B2", "--from", "T1").stdout
    assert "Chloé Durand" in out
    assert "Sara Kim" in out
    body = as_json(store_file, "introducers", "B2", "--from", "T1")
    assert [i["introducer"]["id"] for i in body["introductions"]] == ["P3", "T2", "P2"]


def test_key_people(store_file: str) -> None:
    assert "Chloé Durand" in run(store_file, "key-people", "A1").stdout
    body = as_json(store_file, "key-people", "A1")
    assert body["key_people"][0]["node"]["id"] == "P3"


def test_departure_impact(store_file: str) -> None:
    out = run(store_file, "departure-impact", "A1", "--team-member", "T1").stdout
    assert "Acme Europe" in out
    assert "uncovered" in out
    body = as_json(store_file, "departure-impact", "A1", "--person", "P3")
    assert [(c["unit"]["id"], c["after"]) for c in body["units_falling"]] == [
        ("B1", "single_threaded")
    ]


def test_alerts(store_file: str) -> None:
    assert "Gina Lopez" in run(store_file, "alerts").stdout
    body = as_json(store_file, "alerts", "--account", "A1")
    assert [(a["kind"], a["person_id"]) for a in body["items"]] == [("champion_left", "P7")]


def test_as_of_changes_the_answer(store_file: str) -> None:
    result = runner.invoke(
        app, ["coverage", "A1", "--store", store_file, "--as-of", "2025-05-01", "--json"]
    )
    rows = {r["id"]: r for r in json.loads(result.stdout)["units"]}
    assert rows["B1"]["customer_status"] == "prospect"


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("coverage", "NOPE"), "NOPE"),
        (("advocates", "UX"), "UX"),
        (("paths", "A1", "--from", "TX"), "TX"),
        (("paths", "--person", "PX"), "PX"),
        (("introducers", "B2", "--from", "TX"), "TX"),
        (("departure-impact", "A1", "--person", "PX"), "PX"),
        (("alerts", "--account", "NOPE"), "NOPE"),
    ],
)
def test_unknown_ids_exit_non_zero_with_a_message(
    store_file: str, args: tuple[str, ...], named: str
) -> None:
    result = run(store_file, *args, code=1)
    assert named in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        ("departure-impact", "A1"),
        ("paths",),
        ("paths", "A1", "--person", "P5"),
        ("coverage", "A1", "--k", "3"),
    ],
)
def test_bad_usage_exits_2(store_file: str, args: tuple[str, ...]) -> None:
    result = run(store_file, *args, code=2)
    assert "Traceback" not in result.output


def test_a_bad_date_is_refused(store_file: str) -> None:
    result = runner.invoke(app, ["coverage", "A1", "--store", store_file, "--as-of", "tomorrow"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_a_missing_store_exits_4(tmp_path: Path) -> None:
    result = runner.invoke(app, ["coverage", "A1", "--store", str(tmp_path / "none.db")])
    assert result.exit_code == 4
    assert "no store" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_relationship_explains_its_strength(store_file: str) -> None:
    out = run(store_file, "relationship", "T1", "P3").stdout
    for text in ("Tom Reed", "given strength", "0.90 × 0.5^(14/180)", "2027-04-03", "strong"):
        assert text in out
    body = as_json(store_file, "relationship", "T1", "P3")
    assert body["strength"] == pytest.approx(S_T1_P3)
    assert body["strong_until"] == "2027-04-03"
    missing = run(store_file, "relationship", "T2", "P3", code=1)
    assert "has no relationship" in missing.output


def test_introducer_rows_name_the_side_and_the_requester(store_file: str) -> None:
    out = run(store_file, "introducers", "B2", "--from", "T1").stdout
    assert "for Tom Reed" in out
    assert "(customer)" in out
    assert "(colleague)" in out
    assert "—colleague 0.90→" in out
