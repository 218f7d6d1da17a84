"""The answers as the HTTP API and the CLI serve them: thin envelopes around the
query models (a page of accounts, coverage with its rows named ``units``, flat
path lists), each filled from the cached snapshot of one account.

Domain rules stay in :mod:`queries`; this module only picks, wraps and pages.
Every function caches its answer per store revision through
:meth:`api.service.Answers.answer`, keyed by every argument it passes on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from pydantic import Field

from api.params import MAX_ALTERNATIVE_SEARCHES
from api.service import Answers
from queries.advocates import advocates
from queries.alerts import alerts
from queries.committee import buying_committee
from queries.coverage import coverage
from queries.errors import InvalidQueryError
from queries.evidence import relationship_evidence
from queries.models import (
    AccountSummary,
    Advocate,
    Alert,
    CoverageRow,
    CoverageSummary,
    DepartureImpact,
    Gap,
    Hop,
    KeyPeopleResult,
    Model,
    NamedId,
    OrgChart,
    Path,
    PathNode,
    PersonPathsResult,
    PersonRef,
    UnitRef,
    UnitTreeNode,
)
from queries.models.committee import BuyingCommittee, SeatGap
from queries.models.evidence import RelationshipEvidence
from queries.paths import executive_paths, introducers, paths_to_person
from queries.refs import row_ref
from queries.resilience import departure_impact, key_people
from queries.snapshot import AccountSnapshot
from queries.views import account_summary, org_chart, unit_tree

#: Keeps the ids a caller may see (``api.scope.Visibility.only_seen``).
Seen = Callable[[Iterable[str]], list[str]]


# ------------------------------------------------------------------- envelopes
class AccountRef(Model):
    id: str = Field(description="Account id.")
    name: str = Field(description="Account name.")


class AccountsPage(Model):
    as_of: dt.date = Field(description="The date the answers are computed for.")
    items: list[AccountSummary] = Field(description="Accounts by name, then id.")
    total: int = Field(description="Accounts in the store.")
    limit: int = Field(description="Page size asked for.")
    offset: int = Field(description="Accounts skipped before this page.")


class AccountDetail(Model):
    account: AccountSummary = Field(description="The account and its coverage summary.")
    tree: UnitTreeNode = Field(description="The account and its units, nested, by name.")


class CoverageAnswer(Model):
    account: AccountRef = Field(description="The account.")
    as_of: dt.date = Field(description="The date the answer is computed for.")
    summary: CoverageSummary = Field(description="Counts per status and executive coverage.")
    units: list[CoverageRow] = Field(
        description="The account row (kind account), then every unit in tree order."
    )
    gaps: list[Gap] = Field(
        description="Uncovered and weak rows, most actionable first: a customer sister "
        "unit first, then headcount (largest first, unknown last), then name."
    )
    seat_gaps: list[SeatGap] = Field(
        description="Required buying-committee seats that are empty or unreached, each at "
        "the highest scope where it is open, in tree order."
    )


class AdvocatesAnswer(Model):
    account_id: str = Field(description="The account.")
    as_of: dt.date = Field(description="The date the answer is computed for.")
    unit: UnitRef = Field(description="The unit advocates are sought for.")
    advocates: list[Advocate] = Field(description="Ranked by score, strongest first.")


class ExecutivePath(Path):
    executive: PersonRef = Field(description="The executive the path reaches (its target).")
    alternatives: list[Path] = Field(
        description="Next-best loopless paths to the same executive, strongest first."
    )


class ExecutivePathsAnswer(Model):
    account_id: str = Field(description="The account.")
    as_of: dt.date = Field(description="The date the answer is computed for.")
    scope_unit_id: str | None = Field(description="The unit whose subtree is in scope; null: all.")
    from_team_member_id: str | None = Field(description="The requesting team member; null: team.")
    from_team_member_name: str | None = Field(description="The requester's name; null: team.")
    max_hops: int = Field(description="Longest path considered, in hops.")
    executives_in_scope: int = Field(description="Active executives in scope.")
    paths: list[ExecutivePath] = Field(
        description="The best path to each reachable executive, strongest first, at most k."
    )
    unreachable_ids: list[str] = Field(
        description="Executives in scope with no path within max_hops."
    )
    unreachable: list[NamedId] = Field(description="The same executives, with their names.")


class Introduction(Model):
    introducer: PathNode = Field(
        description="The path's second node: a colleague holding the relationship, a "
        "person we know who knows the target, or the target itself when known directly."
    )
    target: PersonRef = Field(description="The person in the unit the path reaches.")
    strength: float = Field(description="Product of the hops' strengths.")
    nodes: list[PathNode] = Field(description="Nodes in order, from the requester to the target.")
    hops: list[Hop] = Field(description="One per consecutive pair of nodes.")
    direct: bool = Field(
        description='The requester knows the target ("you know them"): no introducer needed.'
    )


class IntroductionsAnswer(Model):
    account_id: str = Field(description="The account.")
    as_of: dt.date = Field(description="The date the answer is computed for.")
    unit: UnitRef = Field(description="The unit (with everything below it) to reach.")
    from_team_member_id: str = Field(description="The requesting team member.")
    from_team_member_name: str = Field(description="The requester's name.")
    max_hops: int = Field(description="Longest path considered, in hops.")
    introductions: list[Introduction] = Field(
        description="Distinct introducers, each with their best path, strongest first, at "
        "most k; among paths crossing through the same relationship (team member, person) "
        "only the strongest is offered."
    )


class AlertsPage(Model):
    as_of: dt.date = Field(description="The date the answers are computed for.")
    account_ids: list[str] = Field(description="The accounts whose alerts were read.")
    items: list[Alert] = Field(description="Newest (latest date) first.")
    total: int = Field(description="Alerts over those accounts.")
    limit: int = Field(description="Page size asked for.")
    offset: int = Field(description="Alerts skipped before this page.")


# --------------------------------------------------------------------- answers
def account_page(
    answers: Answers, as_of: dt.date, limit: int, offset: int, *, seen: Seen | None = None
) -> AccountsPage:
    """One page of accounts by name (those ``seen`` keeps). Only the page's
    accounts are prepared, each summary cached, so a store of thousands of
    accounts pages quickly once warm."""

    def by_name() -> list[str]:
        every = sorted(answers.store.list_accounts(), key=lambda a: (a.name.casefold(), a.id))
        return [a.id for a in every]

    ids: list[str] = answers.cached(("accounts_by_name",), by_name)
    if seen is not None:
        ids = seen(ids)
    items = [
        answers.answer(aid, as_of, ("summary",), account_summary)
        for aid in ids[offset : offset + limit]
    ]
    return AccountsPage(as_of=as_of, items=items, total=len(ids), limit=limit, offset=offset)


def account_detail(answers: Answers, account_id: str, as_of: dt.date) -> AccountDetail:
    def build(s: AccountSnapshot) -> AccountDetail:
        return AccountDetail(account=account_summary(s), tree=unit_tree(s))

    return answers.answer(account_id, as_of, ("detail",), build)


def account_committee(
    answers: Answers, account_id: str, as_of: dt.date, unit_id: str | None
) -> BuyingCommittee:
    return answers.answer(
        account_id, as_of, ("committee", unit_id), lambda s: buying_committee(s, unit_id)
    )


def account_org_chart(
    answers: Answers, account_id: str, as_of: dt.date, unit_id: str | None
) -> OrgChart:
    return answers.answer(
        account_id, as_of, ("org_chart", unit_id), lambda s: org_chart(s, unit_id)
    )


def _coverage(s: AccountSnapshot) -> CoverageAnswer:
    report = coverage(s)
    return CoverageAnswer(
        account=AccountRef(id=s.account_id, name=s.account_name),
        as_of=report.as_of,
        summary=report.summary,
        units=report.rows,
        gaps=report.gaps,
        seat_gaps=report.seat_gaps,
    )


def account_coverage(answers: Answers, account_id: str, as_of: dt.date) -> CoverageAnswer:
    return answers.answer(account_id, as_of, ("coverage",), _coverage)


def account_coverage_json(answers: Answers, account_id: str, as_of: dt.date) -> bytes:
    """The coverage answer as JSON bytes, cached serialised: the busiest endpoint,
    whose answer for a large account is hundreds of kilobytes to encode."""
    return answers.answer(
        account_id, as_of, ("coverage.json",), lambda s: _coverage(s).model_dump_json().encode()
    )


def unit_advocates(
    answers: Answers, unit_id: str, as_of: dt.date, limit: int | None
) -> AdvocatesAnswer:
    def build(s: AccountSnapshot) -> AdvocatesAnswer:
        found = advocates(s, unit_id, limit)
        return AdvocatesAnswer(
            account_id=found.account_id,
            as_of=found.as_of,
            unit=row_ref(s, unit_id),
            advocates=found.advocates,
        )

    account_id = answers.account_of_unit(unit_id)
    return answers.answer(account_id, as_of, ("advocates", unit_id, limit), build)


def account_executive_paths(
    answers: Answers,
    account_id: str,
    as_of: dt.date,
    *,
    unit_id: str | None = None,
    from_team_member: str | None = None,
    k: int | None = None,
    max_hops: int | None = None,
    alternatives: int = 0,
) -> ExecutivePathsAnswer:
    wanted = answers.settings.k if k is None else k
    # Next-best paths cost a search per hop of every path found: they are searched
    # for the strongest executives only, at most MAX_ALTERNATIVE_SEARCHES in all.
    with_alternatives = min(wanted, MAX_ALTERNATIVE_SEARCHES // alternatives) if alternatives else 0

    def build(s: AccountSnapshot) -> ExecutivePathsAnswer:
        found = executive_paths(s, unit_id, from_team_member, k, max_hops, 0)
        extra: dict[str, list[Path]] = {}
        if with_alternatives:
            best = executive_paths(
                s, unit_id, from_team_member, with_alternatives, max_hops, alternatives
            )
            extra = {t.executive.id: t.alternatives for t in best.targets}
        return ExecutivePathsAnswer(
            account_id=found.account_id,
            as_of=found.as_of,
            scope_unit_id=found.scope_unit_id,
            from_team_member_id=found.from_team_member_id,
            from_team_member_name=found.from_team_member_name,
            max_hops=found.max_hops,
            executives_in_scope=found.executives_in_scope,
            paths=[
                ExecutivePath(
                    nodes=t.best.nodes,
                    hops=t.best.hops,
                    strength=t.best.strength,
                    target=t.best.target,
                    executive=t.executive,
                    alternatives=extra.get(t.executive.id, []),
                )
                for t in found.targets
            ],
            unreachable_ids=found.unreachable_ids,
            unreachable=found.unreachable,
        )

    key = ("executive_paths", unit_id, from_team_member, k, max_hops, alternatives)
    return answers.answer(account_id, as_of, key, build)


def unit_introductions(
    answers: Answers,
    unit_id: str,
    as_of: dt.date,
    from_team_member: str,
    *,
    k: int | None = None,
    max_hops: int | None = None,
) -> IntroductionsAnswer:
    def build(s: AccountSnapshot) -> IntroductionsAnswer:
        found = introducers(s, unit_id, from_team_member, k, max_hops)
        return IntroductionsAnswer(
            account_id=found.account_id,
            as_of=found.as_of,
            unit=row_ref(s, unit_id),
            from_team_member_id=found.from_team_member_id,
            from_team_member_name=found.from_team_member_name or found.from_team_member_id,
            max_hops=found.max_hops,
            introductions=[
                Introduction(
                    introducer=i.introducer,
                    target=i.target,
                    strength=i.path.strength,
                    nodes=i.path.nodes,
                    hops=i.path.hops,
                    direct=i.direct,
                )
                for i in found.introducers
            ],
        )

    account_id = answers.account_of_unit(unit_id)
    key = ("introductions", unit_id, from_team_member, k, max_hops)
    return answers.answer(account_id, as_of, key, build)


def person_paths(
    answers: Answers,
    person_id: str,
    as_of: dt.date,
    *,
    from_team_member: str | None = None,
    k: int | None = None,
    max_hops: int | None = None,
) -> PersonPathsResult:
    account_id = answers.account_of_person(person_id)
    return answers.answer(
        account_id,
        as_of,
        ("person_paths", person_id, from_team_member, k, max_hops),
        lambda s: paths_to_person(s, person_id, from_team_member, k, max_hops),
    )


def relationship(
    answers: Answers, team_member_id: str, person_id: str, as_of: dt.date
) -> RelationshipEvidence:
    """Why a team member's relationship with a person has its strength."""
    account_id = answers.account_of_person(person_id)
    return answers.answer(
        account_id,
        as_of,
        ("relationship", team_member_id, person_id),
        lambda s: relationship_evidence(s, team_member_id, person_id),
    )


def account_key_people(answers: Answers, account_id: str, as_of: dt.date) -> KeyPeopleResult:
    return answers.answer(account_id, as_of, ("key_people",), key_people)


def account_departure_impact(
    answers: Answers,
    account_id: str,
    as_of: dt.date,
    *,
    team_member: str | None = None,
    person: str | None = None,
    max_hops: int | None = None,
) -> DepartureImpact:
    if (team_member is None) == (person is None):
        raise InvalidQueryError(
            "name exactly one of team_member (a team member id) or person (a person id)"
        )
    return answers.answer(
        account_id,
        as_of,
        ("departure_impact", team_member, person, max_hops),
        lambda s: departure_impact(
            s, team_member_id=team_member, person_id=person, max_hops=max_hops
        ),
    )


def alert_page(
    answers: Answers,
    as_of: dt.date,
    *,
    account_id: str | None = None,
    team_member: str | None = None,
    limit: int,
    offset: int,
    seen: Seen | None = None,
) -> AlertsPage:
    """Alerts of every account, of one account, or of a team member's accounts
    (both: that account if the member works on it), newest first; only accounts
    ``seen`` keeps. The merged list is built once per store revision and date, so
    later pages of a large store are a slice."""
    if team_member is not None:
        answers.require_team_member(team_member)
        ids = answers.store.accounts_of_team_member(team_member)
        if account_id is not None:
            ids = [a for a in ids if a == account_id]
    elif account_id is not None:
        answers.graph(account_id)  # the store's 404 for an account that does not exist
        ids = [account_id]
    else:
        ids = [a.id for a in answers.store.list_accounts()]
    if seen is not None:
        ids = seen(ids)

    def merged() -> list[Alert]:
        found: list[Alert] = []
        for aid in ids:
            found.extend(answers.answer(aid, as_of, ("alerts",), alerts).alerts)
        # Each account's list is already newest first; a stable sort keeps that
        # order among alerts of the same day.
        found.sort(key=lambda a: -a.date.toordinal())
        return found

    every: list[Alert] = answers.cached(("alerts_merged", as_of, tuple(ids)), merged)
    return AlertsPage(
        as_of=as_of,
        account_ids=ids,
        items=every[offset : offset + limit],
        total=len(every),
        limit=limit,
        offset=offset,
    )
