"""Every path answer about a store's three largest accounts, as one JSON file, to
compare two trees' path searches answer for answer (issue 14, array path search):

    PYTHONPATH=<other tree> python scripts/dump_path_answers.py STORE before.json
    python scripts/dump_path_answers.py STORE after.json && cmp before.json after.json
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from pydantic import BaseModel

from graph.embedded import EmbeddedStore
from queries.paths import executive_paths, introducers, paths_to_person
from queries.resilience import departure_impact, key_people
from queries.settings import QuerySettings
from queries.snapshot import AccountSnapshot


def answers(s: AccountSnapshot) -> dict[str, BaseModel]:
    found: dict[str, BaseModel] = {}
    for hops in (2, 4):
        found[f"exec{hops}"] = executive_paths(s, k=50, max_hops=hops)
    found["exec-alt"] = executive_paths(s, k=5, max_hops=4, alternatives=2)
    for m in s.team[:6]:
        found[f"exec-{m}"] = executive_paths(s, from_team_member=m, k=10, max_hops=4)
        for u in s.top_unit_ids[:3]:
            found[f"intro-{m}-{u}"] = introducers(s, u, m, k=5, max_hops=4)
    for e in s.executives[:5]:
        found[f"ptp-{e}"] = paths_to_person(s, e, k=5, max_hops=4)
        found[f"ptp-{e}-one"] = paths_to_person(s, e, from_team_member=s.team[0], k=3, max_hops=3)
    found["key"] = key_people(s)
    found["dep"] = departure_impact(s, team_member_id=s.team[0])
    return found


def main(store: str, out: str) -> None:
    with EmbeddedStore(store, read_only=True) as opened:
        datas = {a: opened.account_data(a) for a in opened.largest_accounts(3)}
    dumped = {}
    for account, data in datas.items():
        s = AccountSnapshot.build(data, dt.date(2026, 11, 15), QuerySettings())
        for name, answer in answers(s).items():
            dumped[f"{account}:{name}"] = answer.model_dump(mode="json")
    Path(out).write_text(json.dumps(dumped, sort_keys=True))
    print(len(dumped), "answers")


if __name__ == "__main__":
    main(*sys.argv[1:3])
