"""Benchmark-scale bundles: many accounts of heavy-tailed size, ragged hierarchies
up to five levels deep, a large sales team, ~5 relationship or activity rows per
person. Each account draws from its own ``random.Random`` seeded from
(seed, account number), so an account's content does not depend on the others.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Final

from ingest.generate.bundle import BundleWriter, iso, strength_text
from ingest.generate.contacts import Profile, contact
from ingest.generate.names import (
    BUDGET_CENTER_NAMES,
    COMPANY_STEMS,
    COMPANY_SUFFIXES,
    COUNTRIES,
    DIVISION_NAMES,
    INDUSTRIES,
    PLACES,
    TIERS,
    ascii_slug,
    email_of,
    person_name,
)
from ingest.generate.org import EXEC, HEAD, P_ID, P_LEFT, P_UNIT, STAFF, Org, Unit

MAX_DEPTH: Final = 5
TEAM_DOMAIN: Final = "ourco.example"
OPEN_STAGES: Final = ("Qualification", "Discovery", "Proposal", "Negotiation")
BRANCH_WORDS: Final = ("Region", "Site", "Plant", "Office", "Subsidiary", "Hub")


@dataclass(frozen=True, slots=True)
class ScaleSpec:
    people: int
    largest_account: int
    team: int


SCALES: Final[dict[str, ScaleSpec]] = {
    "S": ScaleSpec(people=20_000, largest_account=2_000, team=60),
    "M": ScaleSpec(people=200_000, largest_account=10_000, team=400),
    "L": ScaleSpec(people=1_000_000, largest_account=20_000, team=1_500),
    # Written account by account: nothing of an account is kept once it is written.
    "XL": ScaleSpec(people=5_000_000, largest_account=20_000, team=4_000),
}


def account_sizes(rng: random.Random, spec: ScaleSpec) -> list[int]:
    """People per account: the largest first, then a truncated Pareto tail (many
    small accounts, a few large ones), summing exactly to ``spec.people``.

    >>> sizes = account_sizes(random.Random(1), SCALES["S"])
    >>> sum(sizes), sizes[0], max(sizes[1:]) <= sizes[0]
    (20000, 2000, True)
    """
    sizes = [spec.largest_account]
    total = spec.largest_account
    cap = max(10, spec.largest_account * 6 // 10)
    while total < spec.people:
        size = min(cap, int(12 * rng.random() ** (-1 / 1.15)))
        size = min(size, spec.people - total)
        if size < 3 and sizes:  # a remainder too small for an account joins the last
            sizes[-1] += size
        else:
            sizes.append(size)
        total += size
    return sizes


def account_name(index: int) -> str:
    """A distinct fictional company name for each index (up to 16,200 of them)."""
    j = (index * 7919) % (len(COMPANY_STEMS) * len(COMPANY_SUFFIXES) * len(PLACES))
    stem = COMPANY_STEMS[j % len(COMPANY_STEMS)]
    suffix = COMPANY_SUFFIXES[(j // len(COMPANY_STEMS)) % len(COMPANY_SUFFIXES)]
    place = PLACES[j // (len(COMPANY_STEMS) * len(COMPANY_SUFFIXES))]
    return f"{stem} {suffix} {place}"


@dataclass(slots=True)
class Team:
    rows: list[tuple[str, str, str, str, str]]
    aes: list[str]
    ses: list[str]
    csms: list[str]
    leaders: list[str]


def build_team(rng: random.Random, size: int) -> Team:
    """A VP of sales, regional directors, first-line managers and their reps."""
    rows: list[tuple[str, str, str, str, str]] = []

    def add(role: str, manager: str) -> str:
        tid = f"T{len(rows) + 1:05d}"
        name = person_name(rng)
        rows.append((tid, name, email_of(name, TEAM_DOMAIN), role, manager))
        return tid

    vp = add("Sales VP", "")
    directors = [add("Regional Sales Director", vp) for _ in range(max(1, size // 50))]
    managers = [
        add("Sales Manager", directors[i % len(directors)]) for i in range(max(1, size // 10))
    ]
    team = Team(rows, [], [], [], [vp, *directors])
    while len(rows) < size:
        r = rng.random()
        role, pool = (
            ("Account Executive", team.aes)
            if r < 0.45
            else ("Solutions Engineer", team.ses)
            if r < 0.7
            else ("Customer Success Manager", team.csms)
        )
        pool.append(add(role, managers[rng.randrange(len(managers))]))
    for pool in (team.aes, team.ses, team.csms):  # a tiny team still has every role
        if not pool:
            pool.append(managers[0])
    return team


def _build_units(rng: random.Random, org: Org, n_units: int) -> None:
    account_id = org.account_id
    deep_enough: list[Unit] = []  # units that may still take children
    for i in range(n_units):
        if not deep_enough or rng.random() < max(0.05, (i + 1) ** -0.5):
            parent, depth = "", 1
        else:
            up = deep_enough[rng.randrange(len(deep_enough))]
            parent, depth = up.id, up.depth + 1
        r = rng.random()
        if depth == 1:
            kind = "division" if r < 0.7 else "branch" if r < 0.85 else "budget_center"
        elif depth == 2:
            kind = "branch" if r < 0.5 else "division" if r < 0.7 else "budget_center"
        else:
            kind = "budget_center" if r < 0.6 else "branch"
        if kind == "division":
            name = DIVISION_NAMES[rng.randrange(len(DIVISION_NAMES))]
        elif kind == "branch":
            place = PLACES[rng.randrange(len(PLACES))]
            name = f"{place} {BRANCH_WORDS[rng.randrange(len(BRANCH_WORDS))]}"
        else:
            name = BUDGET_CENTER_NAMES[rng.randrange(len(BUDGET_CENTER_NAMES))]
        unit = org.add_unit(
            Unit(f"{account_id}-U{i + 1:04d}", account_id, parent, kind, name, depth)
        )
        r = rng.random()
        unit.status = (
            "customer"
            if r < 0.05
            else "former_customer"
            if r < 0.09
            else "prospect"
            if r < 0.3
            else ""
        )
        if depth < MAX_DEPTH:
            deep_enough.append(unit)


def _staff(rng: random.Random, org: Org, size: int) -> None:
    top = 1 if size < 20 else min(12, 3 + size // 400)
    org.add_top_people(min(top, size))
    rest = size - top
    units = org.units
    if rest <= 0 or not units:
        for _ in range(max(0, rest)):
            org.add_person("", "Specialist", STAFF, org.ceo)
        return
    weights = [0.0 if rng.random() < 0.06 else rng.lognormvariate(0, 0.8) for _ in units]
    if not any(weights):
        weights[0] = 1.0
    counts = [0] * len(units)
    for k in rng.choices(range(len(units)), weights=weights, k=rest):
        counts[k] += 1
    for unit, count in zip(units, counts, strict=True):  # parents come before children
        org.staff_unit(unit, count)
        unit.headcount = count * rng.randint(3, 20) if count and rng.random() < 0.8 else 0


def generate_account(
    out: BundleWriter, team: Team, index: int, size: int, seed: int, anchor: int
) -> None:
    """Write one account of ``size`` people, its org, relationships and deals."""
    rng = random.Random(seed * 1_000_003 + index)  # noqa: S311 - reproducible fiction
    account_id = f"A{index + 1:06d}"
    name = account_name(index)
    org = Org(account_id, f"{ascii_slug(name, '-')}.example", rng)
    out.add(
        "accounts.csv",
        (
            account_id,
            name,
            INDUSTRIES[rng.randrange(len(INDUSTRIES))],
            COUNTRIES[rng.randrange(len(COUNTRIES))],
            TIERS[0] if size > 2000 else TIERS[1] if size > 300 else TIERS[2],
            "",  # status: a prospect unless a won deal on the account says otherwise
        ),
    )
    n_units = 0 if size < 8 else max(1, round(size / 22 * rng.uniform(0.6, 1.4)))
    _build_units(rng, org, n_units)
    _staff(rng, org, size)
    won_units = _opportunities(out, rng, org, anchor)
    org.assign_buying_roles(frozenset(won_units))
    _leavers(rng, org, anchor)
    out.extend("units.csv", (u.row() for u in org.units))
    out.extend("people.csv", org.people)
    account_team = _account_team(out, rng, team, account_id, bool(won_units))
    _relationships(out, rng, org, account_team, team, anchor)
    _ties_and_history(out, rng, org, anchor)


def _opportunities(out: BundleWriter, rng: random.Random, org: Org, anchor: int) -> list[str]:
    """Deals per unit; returns the units a recent won deal makes customers."""
    rows: list[tuple[str, ...]] = []
    won_recently: list[str] = []
    aid = org.account_id

    def deal(unit_id: str, stage: str, won: bool, close: int) -> None:
        amount = str(rng.randrange(10, 2000) * 1000)
        oid = f"{aid}-O{len(rows) + 1:04d}"
        rows.append((oid, aid, unit_id, stage, "true" if won else "false", amount, iso(close)))

    for unit in org.units:
        r = rng.random()
        if unit.status == "former_customer":
            deal(unit.id, "Closed Won", True, anchor - rng.randint(800, 1500))
        elif r < 0.18:
            deal(unit.id, "Closed Won", True, anchor - rng.randint(10, 700))
            won_recently.append(unit.id)
        elif r < 0.28:
            deal(unit.id, "Closed Lost", False, anchor - rng.randint(10, 700))
        elif r < 0.38:
            deal(unit.id, OPEN_STAGES[rng.randrange(4)], False, anchor + rng.randint(10, 200))
    if rng.random() < 0.05:
        deal("", "Closed Won", True, anchor - rng.randint(10, 700))
    out.extend("opportunities.csv", rows)
    return won_recently + [u.id for u in org.units if u.status == "customer"]


def _leavers(rng: random.Random, org: Org, anchor: int) -> None:
    """About 3% of people without reports left: a third within the last 90 days."""
    managers = org.reports_of()
    for row, level in zip(org.people, org.level, strict=True):
        if level != EXEC and row[P_ID] not in managers and rng.random() < 0.03:
            days = rng.randint(1, 90) if rng.random() < 0.33 else rng.randint(91, 700)
            row[P_LEFT] = iso(anchor - days)


def _account_team(
    out: BundleWriter, rng: random.Random, team: Team, account_id: str, customer: bool
) -> list[str]:
    members = [team.aes[rng.randrange(len(team.aes))]]
    rows = [(members[0], account_id, "account_executive")]
    if rng.random() < 0.6:
        members.append(team.ses[rng.randrange(len(team.ses))])
        rows.append((members[-1], account_id, "solutions_engineer"))
    if customer:
        members.append(team.csms[rng.randrange(len(team.csms))])
        rows.append((members[-1], account_id, "customer_success"))
    if rng.random() < 0.05:
        members.append(team.leaders[rng.randrange(len(team.leaders))])
        rows.append((members[-1], account_id, "executive_sponsor"))
    kept: list[str] = []
    for row in rows:  # a member drawn twice keeps their first role
        if row[0] not in kept:
            kept.append(row[0])
            out.add("account_team.csv", row)
    return kept


def _relationships(
    out: BundleWriter,
    rng: random.Random,
    org: Org,
    account_team: list[str],
    team: Team,
    anchor: int,
) -> None:
    all_reps = team.aes + team.ses + team.csms
    rel_rows = []
    act_rows = []
    for row, level in zip(org.people, org.level, strict=True):
        if rng.random() >= 0.85:
            continue
        r = rng.random()
        n = 1 if r < 0.7 else 2 if r < 0.95 else 3
        knowers = rng.sample(account_team, min(n, len(account_team)))
        if rng.random() < 0.1:  # someone from outside the account team (a cross-sell)
            extra = all_reps[rng.randrange(len(all_reps))]
            if extra not in knowers:
                knowers.append(extra)
        end = anchor if not row[P_LEFT] else dt.date.fromisoformat(row[P_LEFT]).toordinal() - 1
        strong_bias = 0.15 if level in (EXEC, HEAD) else 0.0
        for tm in knowers:
            p = rng.random()
            profile = (
                Profile.STRONG
                if p < 0.3 + strong_bias
                else Profile.WEAK
                if p < 0.75
                else Profile.STALE
            )
            w = rng.random()
            rel, acts = contact(
                rng, end, tm, row[P_ID], profile, with_row=w < 0.85, with_activities=w >= 0.15
            )
            if rel is not None:
                rel_rows.append(rel)
            act_rows.extend(acts)
    out.extend("relationships.csv", rel_rows)
    out.extend("activities.csv", act_rows)


def _ties_and_history(out: BundleWriter, rng: random.Random, org: Org, anchor: int) -> None:
    seen: set[tuple[str, str]] = set()
    ties: list[tuple[str, str, str, str]] = []

    def tie(a: str, b: str, kind: str, low: float, high: float) -> None:
        key = (a, b) if a < b else (b, a)
        if a != b and key not in seen:
            seen.add(key)
            ties.append((a, b, kind, strength_text(rng.uniform(low, high))))

    for unit in org.units:
        members = unit.people
        for _ in range(len(members) * 3 // 10):
            tie(members[rng.randrange(len(members))], members[rng.randrange(len(members))],
                "colleague", 0.3, 0.8)  # fmt: skip
    people = org.people
    for _ in range(len(people) // 10):
        a, b = people[rng.randrange(len(people))], people[rng.randrange(len(people))]
        tie(a[P_ID], b[P_ID], "friend" if rng.random() < 0.7 else "other", 0.2, 0.9)
    history: list[tuple[str, str, str, str]] = []
    staffed = [u for u in org.units if u.people]
    if len(staffed) > 1:
        for row, level in zip(people, org.level, strict=True):
            if level == EXEC or rng.random() >= 0.06:
                continue
            past = staffed[rng.randrange(len(staffed))]
            if past.id == row[P_UNIT]:
                continue
            start = anchor - rng.randint(900, 3000)
            until = min(start + rng.randint(180, 1500), anchor - 30)
            history.append((row[P_ID], past.id, iso(start), iso(until)))
            if level != HEAD and rng.random() < 0.6:
                mate = past.people[rng.randrange(len(past.people))]
                tie(row[P_ID], mate, "former_colleague", 0.3, 0.9)
    out.extend("person_ties.csv", ties)
    out.extend("employment_history.csv", history)


def generate_scale(out: BundleWriter, spec: ScaleSpec, seed: int, anchor: int) -> None:
    """Write a whole benchmark bundle for ``spec`` into ``out``."""
    rng = random.Random(seed)  # noqa: S311 - reproducible fiction, not secrets
    team = build_team(rng, spec.team)
    out.extend("team.csv", team.rows)
    for index, size in enumerate(account_sizes(rng, spec)):
        generate_account(out, team, index, size, seed, anchor)
        out.account_done()
