"""The demo world: five accounts (see :mod:`ingest.generate.demo_spec`) filled with
people, relationships, ties and deals, plus the scripted situations every answer
of DOMAIN.md needs. Ids of accounts, units, team members and the scripted people
do not depend on the seed; the seed varies the other names and the filler.

Scripted situations (ids for the README walkthrough):

* ``halden-ports-gdansk`` is uncovered; its sister ``halden-ports-bergen`` is a
  customer. Advocates: Ingrid Haugen (Bergen, friend of Gdańsk's director), Lars
  Amundsen (worked in Gdańsk until 2024), Astrid Fjeld (manages Port Operations).
* ``halden-finance`` is a single-threaded customer: only Mikael Strand, known only
  by tm-09, so both are key people; the CFO is three hops away through him.
* The CEOs of Halden and Norvik are known by nobody (warm paths of 2-3 hops);
  Norvik's Chief of Staff and CIO are reached through Kai Tanaka (tm-07).
* ``corvane``: champion Marta Lindqvist left 21 days before the anchor
  (champion_left); Rafael Ortega's strong relationship with tm-03 cools within
  30 days (cooling); the Research Institute's head is known only stale
  (stale_executive), as is Halden's CIO.
* Units nobody is recorded in: ``halden-ports-bergen-cranes``,
  ``halden-services-training``, ``corvane-research-trials``,
  ``brightwell-grid-north-maint``.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Final

from ingest.generate.bundle import BundleWriter, iso, strength_text
from ingest.generate.contacts import ActivityRow, Profile, RelationshipRow, contact
from ingest.generate.demo_spec import ACCOUNTS, TEAM, TEAM_DOMAIN, WON, AccountSpec
from ingest.generate.names import email_of
from ingest.generate.org import (
    EXEC,
    P_ACCOUNT,
    P_EMAIL,
    P_ID,
    P_LEFT,
    P_MANAGER,
    P_NAME,
    P_ROLE,
    P_TITLE,
    P_UNIT,
    Org,
    Unit,
)

CUSTOMER_WON_DAYS: Final = 730  # a won deal this recent makes a unit a customer


class DemoWorld:
    """Accumulates the rows of the demo bundle, then writes them."""

    def __init__(self, seed: int, anchor: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible fiction, not secrets
        self.anchor = anchor
        self.orgs: dict[str, Org] = {}
        self.plans: dict[str, str] = {}  # unit id (or account id: its top) -> plan
        self.relationships: list[RelationshipRow] = []
        self.activities: list[ActivityRow] = []
        self.scripted: set[str] = set()  # people whose contacts a script decided
        self.strong: dict[str, int] = {}  # unit id -> scripted strong people in it
        self.ties: list[tuple[str, str, str, str]] = []
        self._tied: set[tuple[str, str]] = set()
        self.history: list[tuple[str, str, str, str]] = []
        self.deals: list[tuple[str, ...]] = []

    # ----------------------------------------------------------------- look-ups
    def unit(self, account: str, key: str) -> Unit:
        return self.orgs[account].unit_by_id[f"{account}-{key}"]

    def member(self, account: str, key: str, k: int) -> list[str]:
        """The k-th person of a unit (0: its head, -1: the last, a staff member)."""
        return self.orgs[account].person(self.unit(account, key).people[k])

    def top(self, account: str, title: str) -> list[str]:
        org = self.orgs[account]
        return next(p for p in org.people if not p[P_UNIT] and p[P_TITLE] == title)

    # ----------------------------------------------------------------- edits
    def cast(
        self, account: str, row: list[str], name: str, title: str = "", role: str = ""
    ) -> list[str]:
        """Give a scripted person a fixed name (and title, buying role)."""
        row[P_NAME] = name
        row[P_EMAIL] = email_of(name, self.orgs[account].domain)
        if title:
            row[P_TITLE] = title
        if role:
            row[P_ROLE] = role
        return row

    def know(self, tm: str, row: list[str], profile: Profile, **kw: bool) -> None:
        end = self.anchor if not row[P_LEFT] else _ordinal(row[P_LEFT]) - 1
        rel, acts = contact(self.rng, end, tm, row[P_ID], profile, **kw)
        if rel is not None:
            self.relationships.append(rel)
        self.activities.extend(acts)
        self.scripted.add(row[P_ID])
        if profile is Profile.STRONG and not row[P_LEFT]:
            key = row[P_UNIT] or row[P_ACCOUNT]
            self.strong[key] = self.strong.get(key, 0) + 1

    def tie(self, a: str, b: str, kind: str, strength: float) -> None:
        key = (a, b) if a < b else (b, a)
        if a != b and key not in self._tied:
            self._tied.add(key)
            self.ties.append((a, b, kind, strength_text(strength)))

    def moved(self, row: list[str], unit_id: str, from_ago: int, until_ago: int) -> None:
        a = self.anchor
        self.history.append((row[P_ID], unit_id, iso(a - from_ago), iso(a - until_ago)))


def _ordinal(text: str) -> int:
    return dt.date.fromisoformat(text).toordinal()


def _build_account(world: DemoWorld, spec: AccountSpec) -> None:
    rng, anchor = world.rng, world.anchor
    org = Org(spec.id, spec.domain, rng)
    world.orgs[spec.id] = org
    org.add_top_people(spec.top)
    world.plans[spec.id] = spec.top_plan
    customers: set[str] = set()
    for u in spec.units:  # parents are listed before their children
        parent = f"{spec.id}-{u.parent}" if u.parent else ""
        depth = org.unit_by_id[parent].depth + 1 if parent else 1
        unit = org.add_unit(Unit(f"{spec.id}-{u.key}", spec.id, parent, u.kind, u.name, depth))
        unit.status, unit.headcount = u.status, u.headcount
        world.plans[unit.id] = u.plan
        org.staff_unit(unit, u.people)
        if u.status == "customer":
            customers.add(unit.id)
        for stage, offset in u.deals:
            won = stage == WON
            if won and -CUSTOMER_WON_DAYS <= offset <= 0:
                customers.add(unit.id)
            amount = str(rng.randrange(40, 1500) * 1000)
            oid = f"{spec.id}-O{len(world.deals) + 1:03d}"
            row = (oid, spec.id, unit.id, stage, str(won).lower(), amount, iso(anchor + offset))
            world.deals.append(row)
    org.assign_buying_roles(frozenset(customers))


def _script_halden(w: DemoWorld) -> None:
    a = "halden"
    cfo, ceo = w.top(a, "CFO"), w.top(a, "Chief Executive Officer")
    w.cast(a, ceo, "Henrik Vik")
    w.cast(a, cfo, "Beatriz Almeida")
    w.know("tm-02", w.top(a, "Chief Operating Officer"), Profile.WEAK)
    w.know("tm-06", w.top(a, "CIO"), Profile.STALE)
    shipping = w.cast(a, w.member(a, "shipping", 0), "Nils Karlsen", "EVP Container Shipping",
                      "decision_maker")  # fmt: skip
    w.know("tm-02", shipping, Profile.STRONG)
    # Gdańsk is uncovered; its sister Bergen is a customer with people who reach it.
    tomasz = w.cast(a, w.member(a, "ports-gdansk", 0), "Tomasz Kowalczyk",
                    "Terminal Director, Gdańsk")  # fmt: skip
    ingrid = w.cast(a, w.member(a, "ports-bergen", -1), "Ingrid Haugen",
                    "Terminal Operations Manager", "champion")  # fmt: skip
    ingrid[P_MANAGER] = w.unit(a, "ports-bergen").head
    w.know("tm-02", ingrid, Profile.STRONG)
    w.know("tm-09", ingrid, Profile.STRONG)
    w.tie(ingrid[P_ID], tomasz[P_ID], "friend", 0.8)
    lars = w.cast(a, w.member(a, "ports-bergen-maint", -1), "Lars Amundsen",
                  "Maintenance Planner")  # fmt: skip
    w.know("tm-06", lars, Profile.STRONG)
    w.moved(lars, w.unit(a, "ports-gdansk").id, 2800, 870)
    w.tie(lars[P_ID], w.member(a, "ports-gdansk", -1)[P_ID], "former_colleague", 0.5)
    astrid = w.cast(a, w.member(a, "ports", 0), "Astrid Fjeld", "EVP Port Operations")
    w.know("tm-01", astrid, Profile.STRONG)
    # Group Finance hangs on one person, known by one team member; the CFO is behind.
    finance_head = w.member(a, "finance", 0)
    finance_head[P_MANAGER] = cfo[P_ID]
    mikael = w.cast(a, w.member(a, "finance", -1), "Mikael Strand", "Financial Controller",
                    "influencer")  # fmt: skip
    w.know("tm-09", mikael, Profile.STRONG)


def _script_corvane(w: DemoWorld) -> None:
    a = "corvane"
    w.know("tm-03", w.top(a, "CIO"), Profile.STRONG)
    w.know("tm-03", w.top(a, "CFO"), Profile.WEAK)
    marta = w.cast(a, w.member(a, "it-apps", -1), "Marta Lindqvist",
                   "Director of Clinical Systems", "champion")  # fmt: skip
    marta[P_MANAGER] = w.unit(a, "it-apps").head
    marta[P_LEFT] = iso(w.anchor - 21)
    w.know("tm-03", marta, Profile.STRONG)
    w.know("tm-07", marta, Profile.STRONG)
    rafael = w.cast(a, w.member(a, "it-apps", 0), "Rafael Ortega", "VP Clinical Applications",
                    "decision_maker")  # fmt: skip
    w.know("tm-03", rafael, Profile.COOLING)
    research = w.cast(a, w.member(a, "research", 0), "Ulrike Hartmann", "SVP Research")
    w.know("tm-03", research, Profile.STALE)
    w.know("tm-07", research, Profile.STALE)


def _script_brightwell(w: DemoWorld) -> None:
    a = "brightwell"
    quiet = w.member(a, "gen-wind", -1)
    quiet[P_LEFT] = iso(w.anchor - 40)  # left recently, but known only weakly: no alert
    w.know("tm-04", quiet, Profile.WEAK)


def _script_norvik(w: DemoWorld) -> None:
    a = "norvik"
    w.cast(a, w.top(a, "Chief Executive Officer"), "Greta Zimmermann")
    cio = w.top(a, "CIO")
    w.member(a, "it", 0)[P_MANAGER] = cio[P_ID]
    kai = w.cast(a, w.member(a, "it", -1), "Kai Tanaka", "Platform Engineering Manager",
                 "champion")  # fmt: skip
    w.know("tm-07", kai, Profile.STRONG)
    w.tie(kai[P_ID], w.top(a, "Chief of Staff")[P_ID], "friend", 0.7)


SCRIPTS: Final = (_script_halden, _script_corvane, _script_brightwell, _script_norvik)

SHARE_KNOWN: Final = {"covered": 0.6, "single": 0.3, "weak": 0.35, "stale": 0.5}


def _fill(w: DemoWorld, spec: AccountSpec) -> None:
    """Contacts for the people no script decided, as each unit's plan says; a few
    older leavers; colleague, friend and former-colleague ties; past positions."""
    rng, org = w.rng, w.orgs[spec.id]
    knowers = [tm for tm, role in spec.team if role != "executive_sponsor"]
    managers = org.reports_of()
    groups = [(spec.id, [p for p in org.people if not p[P_UNIT]])]
    groups += [(u.id, [org.person(p) for p in u.people]) for u in org.units]
    for key, members in groups:
        plan = w.plans[key]
        if plan not in SHARE_KNOWN:
            continue
        free = [p for p in members if p[P_ID] not in w.scripted and not p[P_LEFT]]
        leavable = [p for p in free if p[P_ID] not in managers and p[P_ID] != org.ceo]
        if plan in ("covered", "weak") and len(leavable) > 2 and rng.random() < 0.5:
            gone = leavable[rng.randrange(len(leavable))]
            gone[P_LEFT] = iso(w.anchor - rng.randint(120, 600))
            w.know(knowers[rng.randrange(len(knowers))], gone, Profile.STRONG)
            free.remove(gone)
        rng.shuffle(free)
        wanted = 2 if plan == "covered" else 1 if plan == "single" else 0
        strong_needed = max(0, wanted - w.strong.get(key, 0))
        n_known = max(strong_needed, 1, round(len(free) * SHARE_KNOWN[plan]))
        for i, person in enumerate(free[:n_known]):
            r = rng.random()
            if i < strong_needed:
                profile = Profile.STRONG
            elif plan == "covered":
                profile = Profile.STRONG if r < 0.4 else Profile.WEAK if r < 0.8 else Profile.STALE
            elif plan == "stale":
                profile = Profile.STALE
            else:
                profile = Profile.WEAK if r < 0.7 else Profile.STALE
            two = plan == "covered" and len(knowers) > 1 and rng.random() < 0.3
            for tm in rng.sample(knowers, 2 if two else 1):
                if plan == "single" and profile is Profile.STRONG:
                    tm = knowers[-1]  # one holder: its departure would cut the unit off
                w.know(tm, person, profile, with_row=rng.random() < 0.8)
    for _, members in groups:
        for _ in range(len(members) * 3 // 10):
            a, b = rng.sample(members, 2)
            w.tie(a[P_ID], b[P_ID], "colleague", rng.uniform(0.3, 0.8))
    people = org.people
    for _ in range(len(people) // 10):
        a, b = rng.sample(people, 2)
        w.tie(a[P_ID], b[P_ID], "friend", rng.uniform(0.3, 0.9))
    staffed = [u for u in org.units if u.people]
    for person, level in zip(people, org.level, strict=True):
        if level == EXEC or person[P_ID] in w.scripted or rng.random() >= 0.08:
            continue
        past = staffed[rng.randrange(len(staffed))]
        if past.id != person[P_UNIT]:
            start = rng.randint(900, 3000)
            w.moved(person, past.id, start, max(30, start - rng.randint(180, 1500)))
            mate = org.person(past.people[rng.randrange(len(past.people))])
            w.tie(person[P_ID], mate[P_ID], "former_colleague", rng.uniform(0.4, 0.8))


def generate_demo(out: BundleWriter, seed: int, anchor: int) -> None:
    """Write the demo world into ``out``."""
    world = DemoWorld(seed, anchor)
    for spec in ACCOUNTS:
        _build_account(world, spec)
    for script in SCRIPTS:
        script(world)
    for spec in ACCOUNTS:
        _fill(world, spec)
    out.extend(
        "accounts.csv",
        [(s.id, s.name, s.industry, s.country, s.tier, s.status) for s in ACCOUNTS],
    )
    for spec in ACCOUNTS:
        org = world.orgs[spec.id]
        out.extend("units.csv", [u.row() for u in org.units])
        out.extend("people.csv", org.people)
        out.extend("account_team.csv", [(tm, spec.id, role) for tm, role in spec.team])
    out.extend(
        "team.csv",
        [(tid, name, email_of(name, TEAM_DOMAIN), role, boss) for tid, name, role, boss in TEAM],
    )
    out.extend("relationships.csv", world.relationships)
    out.extend("activities.csv", world.activities)
    out.extend("person_ties.csv", world.ties)
    out.extend("employment_history.csv", world.history)
    out.extend("opportunities.csv", world.deals)
