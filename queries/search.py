"""Search: accounts, units, people and team members by name, title, e-mail or id,
ranked for someone typing a name (issue 17).

The store's index finds the candidates (:meth:`graph.search.SearchStore.search`:
every word a prefix of a word of the record, accents and case ignored); this
module ranks them the same way on both stores, so "as you type" answers do not
depend on the database:

1. the name (or id) is exactly what was typed;
2. the name starts with what was typed;
3. every word typed starts a word of the name;
4. the rest (found through the title, e-mail or id).

Within a rank names holding every word typed whole come first ("ana": Ana Lima
before Analytics), then people still at the account before people who left, then
accounts, units, team members, people, each by name. Team members come before
customers: there are a few hundred of them against up to millions of people, so a
colleague's full name typed is far likelier meant than a customer namesake (at
scale M "Dalia Amundsen" listed seven namesakes before the colleague). The candidates are capped
(:data:`CANDIDATES`): a query that matches more ranks the store's most relevant.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Final, Literal

from pydantic import Field

from graph.schema import AccountRecord, Namespace, PersonRecord, UnitRecord
from graph.search import SearchKey, fold, words
from graph.store import GraphStore
from queries.models.common import Model

#: Candidates asked of the index per hit wanted, and at most.
CANDIDATES_PER_HIT: Final = 4
CANDIDATES: Final = 200
MAX_LIMIT: Final = 50

SearchKind = Literal["account", "unit", "person", "team_member"]


class SearchHit(Model):
    kind: SearchKind = Field(description="account, unit, person or team_member.")
    id: str = Field(description="The record's id.")
    name: str = Field(description="Display name.")
    detail: str | None = Field(
        description="A person's title, a unit's kind, an account's industry or a team "
        "member's role, when known."
    )
    email: str | None = Field(description="E-mail address (people and team members).")
    account_id: str | None = Field(description="The account (null for team members).")
    account_name: str | None = Field(description="Name of that account.")
    unit_id: str | None = Field(description="A person's unit, or a unit's parent unit.")
    unit_name: str | None = Field(description="Name of that unit.")
    left: bool = Field(description="True for a person who has left the account.")


class SearchResult(Model):
    query: str = Field(description="The text searched for.")
    items: list[SearchHit] = Field(description="Best match first.")
    more: bool = Field(description="True when more records match than were returned.")


_KIND_ORDER: Final = {"account": 0, "unit": 1, "team_member": 2, "person": 3}


def _rank(
    hit: SearchHit, typed: str, typed_words: list[str]
) -> tuple[int, bool, bool, int, str, str]:
    name = fold(hit.name)
    name_words = words(hit.name)
    if name == typed or fold(hit.id) == typed:
        rank = 0
    elif name.startswith(typed):
        rank = 1
    elif all(any(n.startswith(w) for n in name_words) for w in typed_words):
        rank = 2
    else:
        rank = 3
    # Within a rank, whole words typed first: "ana" finds Ana Lima before Analytics.
    partial = not all(w in name_words for w in typed_words)
    return (rank, partial, hit.left, _KIND_ORDER[hit.kind], name, hit.id)


def search(
    store: GraphStore,
    query: str,
    limit: int = 10,
    account_ids: Collection[str] | None = None,
) -> SearchResult:
    """The best ``limit`` records matching ``query`` (within ``account_ids`` when
    given: the accounts a scoped caller may see; team members are always found)."""
    typed_words = words(query)
    wanted = min(max(limit, 1) * CANDIDATES_PER_HIT, CANDIDATES)
    keys = store.search(query, wanted + 1, account_ids) if typed_words and limit > 0 else []
    hits = _hits(store, keys)
    typed = " ".join(typed_words)
    hits.sort(key=lambda h: _rank(h, typed, typed_words))
    return SearchResult(query=query, items=hits[:limit], more=len(keys) > limit)


class _Names:
    """The names of the units and accounts the hits sit in, read in two store calls."""

    def __init__(
        self,
        store: GraphStore,
        accounts: Mapping[str, AccountRecord],
        units: Mapping[str, UnitRecord],
        people: Mapping[str, PersonRecord],
    ) -> None:
        parents = {p.unit_id for p in people.values() if p.unit_id}
        parents |= {u.parent_id for u in units.values() if u.parent_id}
        self.units = {k: u.name for k, u in store.units(parents - units.keys()).items()}
        self.units |= {k: u.name for k, u in units.items()}
        owners = {u.account_id for u in units.values()} | {p.account_id for p in people.values()}
        self.accounts = {k: a.name for k, a in store.accounts(owners - accounts.keys()).items()}
        self.accounts |= {k: a.name for k, a in accounts.items()}

    def hit(self, kind: SearchKind, id_: str, name: str, **fields: object) -> SearchHit:
        account_id = fields.get("account_id")
        unit_id = fields.get("unit_id")
        return SearchHit.model_validate(
            {
                "kind": kind,
                "id": id_,
                "name": name,
                "detail": None,
                "email": None,
                "account_id": None,
                "unit_id": None,
                "left": False,
                **fields,
                "account_name": self.accounts.get(str(account_id)) if account_id else None,
                "unit_name": self.units.get(str(unit_id)) if unit_id else None,
            }
        )


def _hits(store: GraphStore, keys: list[SearchKey]) -> list[SearchHit]:
    wanted: dict[Namespace, list[str]] = {ns: [] for ns in Namespace}
    for key in keys:
        wanted[key.namespace].append(key.id)
    accounts = store.accounts(wanted[Namespace.ACCOUNT])
    units = store.units(wanted[Namespace.UNIT])
    people = store.people(wanted[Namespace.PERSON])
    team = store.team_members(wanted[Namespace.TEAM_MEMBER])
    hit = _Names(store, accounts, units, people).hit
    hits = [
        hit("account", a.id, a.name, detail=a.industry, account_id=a.id) for a in accounts.values()
    ]
    hits += [
        hit(
            "unit",
            u.id,
            u.name,
            detail=u.kind.value.replace("_", " "),
            account_id=u.account_id,
            unit_id=u.parent_id,
        )
        for u in units.values()
    ]
    hits += [
        hit(
            "person",
            p.id,
            p.name,
            detail=p.title,
            email=p.email,
            account_id=p.account_id,
            unit_id=p.unit_id,
            left=p.left_on is not None,
        )
        for p in people.values()
    ]
    hits += [hit("team_member", t.id, t.name, detail=t.role, email=t.email) for t in team.values()]
    return hits
