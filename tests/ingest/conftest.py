"""Helpers for ingest tests: small bundles written into tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

BundleWriter = Callable[..., Path]


def write_files(folder: Path, files: dict[str, str], *, newline: str = "\n") -> Path:
    """Write each ``name: text`` (a dedented CSV) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        lines = [line.strip() for line in text.strip().splitlines()]
        (folder / name).write_bytes((newline.join(lines) + newline).encode("utf-8"))
    return folder


@pytest.fixture
def bundle(tmp_path: Path) -> BundleWriter:
    """``bundle(files, name="b")`` writes a native or Salesforce bundle folder."""

    def write(files: dict[str, str], name: str = "bundle", newline: str = "\n") -> Path:
        return write_files(tmp_path / name, files, newline=newline)

    return write


#: A small valid native bundle: one account, two units, three people, a team.
BASE: dict[str, str] = {
    "accounts.csv": """
        id,name,industry,country,tier
        A1,Acme,Manufacturing,DE,1
        A2,Beta,Retail,FR,2
    """,
    "units.csv": """
        id,account_id,parent_id,kind,name,status,headcount,revenue
        U1,A1,,division,Widgets,customer,120,1000000
        U2,A1,U1,branch,Widgets North,,40,
        V1,A2,,division,Beta Stores,prospect,,
    """,
    "people.csv": """
        id,account_id,unit_id,name,title,seniority,buying_role,manager_id,email,left_on
        P1,A1,U1,Ann,Chief Executive Officer,,economic_buyer,,ann@acme.example,
        P2,A1,U2,Bob,Sales Director,,champion,P1,,
        P3,A1,,Cid,Engineer,manager,,P1,,2026-03-01
    """,
    "team.csv": """
        id,name,email,role,manager_id
        T1,Tom,tom@us.example,AE,T2
        T2,Tia,tia@us.example,Director,
    """,
    "account_team.csv": """
        team_member_id,account_id,role
        T1,A1,owner
    """,
    "relationships.csv": """
        team_member_id,person_id,strength,last_contact,touches,source
        T1,P1,0.8,2026-09-01,12,crm
    """,
    "activities.csv": """
        team_member_id,person_id,type,date
        T1,P2,meeting,2026-09-02
        T1,P2,meeting,2026-09-02
        T2,P1,call,2026-09-03T10:00:00Z
    """,
    "person_ties.csv": """
        person_id,other_person_id,kind,strength
        P1,P2,colleague,0.7
    """,
    "employment_history.csv": """
        person_id,unit_id,from,until
        P2,U1,2020-01-01,2023-12-31
    """,
    "opportunities.csv": """
        id,unit_id,account_id,stage,won,amount,close_date
        O1,U2,,Closed Won,true,50000,2026-01-15
    """,
}
