"""Small hand-built worlds: one account's data, as a store would return it.

:class:`WorldBuilder` writes the typed records of :mod:`graph.schema` into an
:class:`graph.account_data.AccountData`, the way networkx's generators build
graphs: for examples, doctests and tests of the queries, with no store at all.

>>> import datetime as dt
>>> b = WorldBuilder("A")
>>> b.unit("U1"); b.person("P1", unit="U1"); b.team_member("T1")
>>> b.knows("T1", "P1", strength=0.8, activities=((dt.date(2025, 5, 1), ActivityType.CALL),))
>>> data = b.data()
>>> [p.id for p in data.people], data.team_accounts["T1"]
(['P1'], ('A',))
>>> data.relationships[0].record.strength, len(data.relationships[0].activities)
(0.8, 1)
"""

from __future__ import annotations

import datetime as dt

from graph.account_data import AccountData, KnownPerson
from graph.schema import (
    AccountRecord,
    AccountTeamRecord,
    Activity,
    ActivityType,
    BuyingRole,
    EmploymentRecord,
    OpportunityRecord,
    PersonRecord,
    PersonTieRecord,
    RelationshipRecord,
    Seniority,
    TeamMemberRecord,
    TieKind,
    UnitKind,
    UnitRecord,
    UnitStatus,
)


class WorldBuilder:
    """Builds one account's data. Records of other accounts may be added too (a
    unit or person with ``account=``): a snapshot must ignore them."""

    def __init__(self, account_id: str = "A", name: str = "Acme") -> None:
        self.account_id = account_id
        self._account = AccountRecord(account_id, name)
        self._units: list[UnitRecord] = []
        self._people: list[PersonRecord] = []
        self._positions: list[EmploymentRecord] = []
        self._team: list[TeamMemberRecord] = []
        self._account_team: list[AccountTeamRecord] = []
        self._team_accounts: dict[str, tuple[str, ...]] = {}
        self._known: list[KnownPerson] = []
        self._ties: list[PersonTieRecord] = []
        self._opportunities: list[OpportunityRecord] = []
        self._activity_ids = 0

    def account(
        self,
        id_: str,
        name: str = "Other",
        *,
        status: UnitStatus = UnitStatus.PROSPECT,
        created_on: dt.date | None = None,
    ) -> None:
        """Set this account's own record; another account's id is only a name to
        give units or people with ``account=`` (its record is not in the data)."""
        if id_ == self.account_id:
            self._account = AccountRecord(id_, name, status=status, created_on=created_on)

    def unit(
        self,
        id_: str,
        parent: str | None = None,
        *,
        kind: UnitKind = UnitKind.DIVISION,
        name: str | None = None,
        status: UnitStatus = UnitStatus.PROSPECT,
        headcount: int | None = None,
        account: str | None = None,
        created_on: dt.date | None = None,
    ) -> None:
        self._units.append(
            UnitRecord(
                id_,
                account or self.account_id,
                kind,
                name or id_,
                parent_id=parent,
                status=status,
                headcount=headcount,
                created_on=created_on,
            )
        )

    def person(
        self,
        id_: str,
        unit: str | None = None,
        *,
        name: str | None = None,
        title: str | None = None,
        seniority: Seniority = Seniority.STAFF,
        buying_role: BuyingRole | None = None,
        manager: str | None = None,
        left_on: dt.date | None = None,
        account: str | None = None,
        created_on: dt.date | None = None,
    ) -> None:
        self._people.append(
            PersonRecord(
                id_,
                account or self.account_id,
                name or id_,
                unit_id=unit,
                title=title,
                seniority=seniority,
                buying_role=buying_role,
                manager_id=manager,
                left_on=left_on,
                created_on=created_on,
            )
        )

    def position(
        self,
        person: str,
        unit: str,
        *,
        current: bool = False,
        from_date: dt.date | None = None,
        until_date: dt.date | None = None,
    ) -> None:
        """A further position of ``person`` in ``unit``: past unless ``current``."""
        self._positions.append(EmploymentRecord(person, unit, from_date, until_date, current))

    def team_member(
        self,
        id_: str,
        *,
        on_team: bool = True,
        manager: str | None = None,
        name: str | None = None,
        active: bool = True,
        teams: tuple[str, ...] = (),
        created_on: dt.date | None = None,
    ) -> None:
        """``teams``: other accounts whose team they are on (colleagues through any
        account team); ``on_team``: on this account's team."""
        self._team.append(
            TeamMemberRecord(
                id_, name or id_, manager_id=manager, active=active, created_on=created_on
            )
        )
        accounts = set(teams) | ({self.account_id} if on_team else set())
        if accounts:
            self._team_accounts[id_] = tuple(sorted(accounts))
        if on_team:
            self._account_team.append(AccountTeamRecord(id_, self.account_id))

    def knows(
        self,
        team_member: str,
        person: str,
        strength: float | None = None,
        last_contact: dt.date | None = None,
        activities: tuple[tuple[dt.date, ActivityType], ...] = (),
        created_on: dt.date | None = None,
    ) -> None:
        acts = []
        for date, type_ in activities:
            self._activity_ids += 1
            acts.append(Activity(f"act{self._activity_ids}", date, type_))
        acts.sort(key=lambda a: (a.date, a.id))
        record = RelationshipRecord(
            team_member, person, strength, last_contact, created_on=created_on
        )
        self._known.append(KnownPerson(record, tuple(acts)))

    def tie(
        self,
        a: str,
        b: str,
        strength: float,
        kind: str = "colleague",
        created_on: dt.date | None = None,
    ) -> None:
        first, second = min(a, b), max(a, b)
        self._ties.append(PersonTieRecord(first, second, strength, TieKind(kind), created_on))

    def opportunity(
        self,
        id_: str,
        unit: str | None = None,
        *,
        won: bool = True,
        close_date: dt.date | None = None,
    ) -> None:
        self._opportunities.append(
            OpportunityRecord(
                id_,
                self.account_id,
                unit,
                stage="Closed Won" if won else "Open",
                won=won,
                closed=won,
                close_date=close_date,
            )
        )

    def data(self) -> AccountData:
        """The account's data, each kind of record in id order."""
        return AccountData(
            account=self._account,
            units=tuple(sorted(self._units, key=lambda u: u.id)),
            people=tuple(sorted(self._people, key=lambda p: p.id)),
            positions=tuple(self._positions),
            relationships=tuple(
                sorted(self._known, key=lambda k: (k.record.team_member_id, k.record.person_id))
            ),
            ties=tuple(self._ties),
            opportunities=tuple(sorted(self._opportunities, key=lambda o: o.id)),
            team=tuple(sorted(self._team, key=lambda t: t.id)),
            account_team=tuple(self._account_team),
            team_accounts=dict(self._team_accounts),
        )
