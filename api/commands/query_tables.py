"""Rich renderings of the answers for the query commands (``powermap coverage`` …).

Every value from the store goes into a :class:`rich.text.Text`, never through
markup, so a name like ``[bold]`` prints as written.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from queries.models import (
    AccountsPage,
    AdvocatesAnswer,
    AlertsPage,
    CoverageAnswer,
    DepartureImpact,
    ExecutivePathsAnswer,
    Hop,
    IntroductionsAnswer,
    KeyPeopleResult,
    PathNode,
    PersonPathsResult,
    PersonRef,
)
from queries.models.evidence import RelationshipEvidence

ARROW_HEAD = "→"
DASH = "—"


def chain(nodes: Sequence[PathNode], hops: Sequence[Hop]) -> str:
    """A path as one line: each name, then each hop's relation and strength.

    >>> from queries.models import Hop, PathNode
    >>> nodes = [PathNode(id="T1", kind="team_member", name="Tom Reed"),
    ...          PathNode(id="P3", kind="person", name="Chloé Durand")]
    >>> hops = [Hop(from_id="T1", to_id="P3", relation="relationship", strength=0.8527,
    ...             last_contact=None)]
    >>> chain(nodes, hops)
    'Tom Reed —relationship 0.85→ Chloé Durand'
    """
    parts = [nodes[0].name]
    for hop, node in zip(hops, nodes[1:], strict=True):
        parts.append(f"{DASH}{hop.relation} {hop.strength:.2f}{ARROW_HEAD} {node.name}")
    return " ".join(parts)


def _t(value: object) -> Text:
    return Text("" if value is None else str(value))


def _num(value: float | None, digits: int = 3) -> Text:
    return Text("" if value is None else f"{value:.{digits}f}")


def _who(person: PersonRef) -> Text:
    return Text(f"{person.name} ({person.title})" if person.title else person.name)


def _table(title: str, *columns: str) -> Table:
    table = Table(title=Text(title), title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def accounts_table(page: AccountsPage) -> RenderableType:
    table = _table(
        f"Accounts as of {page.as_of} ({page.offset + 1}–{page.offset + len(page.items)} "
        f"of {page.total})",
        "account",
        "id",
        "status",
        "units",
        "people",
        "uncovered",
        "weak",
        "single",
        "covered",
        "executives known",
    )
    for a in page.items:
        c, e = a.coverage, a.executive_coverage
        table.add_row(
            _t(a.name),
            _t(a.account_id),
            _t(a.customer_status.value),
            *(_t(n) for n in (a.units, a.active_people, c.uncovered, c.weak)),
            *(_t(n) for n in (c.single_threaded, c.covered)),
            _t(f"{e.known_strongly}/{e.executives}"),
        )
    return table


def coverage_tables(answer: CoverageAnswer) -> RenderableType:
    rows = _table(
        f"Coverage of {answer.account.name} ({answer.account.id}) as of {answer.as_of}",
        "unit",
        "kind",
        "status",
        "customer",
        "people",
        "known",
        "strong",
        "best",
        "last contact",
        "executive known",
    )
    for r in answer.units:
        rows.add_row(
            Text("  " * r.depth + r.name),
            _t(r.kind),
            _t(r.status.value),
            _t(r.customer_status.value),
            *(_t(n) for n in (r.active_people, r.people_known, r.people_known_strongly)),
            _num(r.best_strength, 2),
            _t(r.last_contact),
            _t("yes" if r.executive_known_strongly else ""),
        )
    gaps = _table("Gaps, most actionable first", "#", "unit", "id", "status", "headcount", "why")
    for n, g in enumerate(answer.gaps, 1):
        why = []
        if g.sister_customers:
            why.append("customer sister " + ", ".join(u.name for u in g.sister_customers))
        if not g.has_people:
            why.append("nobody recorded")
        gaps.add_row(
            _t(n), _t(g.name), _t(g.id), _t(g.status.value), _t(g.headcount), _t("; ".join(why))
        )
    return Group(rows, gaps)


def advocates_table(answer: AdvocatesAnswer) -> RenderableType:
    table = _table(
        f"Advocates for {answer.unit.name} ({answer.unit.id}) as of {answer.as_of}",
        "#",
        "advocate",
        "unit",
        "score",
        "tie",
        "reaches",
        "known by",
    )
    for n, a in enumerate(answer.advocates, 1):
        table.add_row(
            _t(n),
            _who(a.person),
            _t(a.person.unit_id),
            _num(a.score),
            _t(f"{a.tie.kind.value} {a.tie.strength:.2f}"),
            _t(", ".join(r.name for r in a.tie.reached)),
            _t(f"{a.known_by.team_member_name} {a.known_by.strength:.2f}"),
        )
    return table


def executive_paths_table(answer: ExecutivePathsAnswer) -> RenderableType:
    who = answer.from_team_member_name or "the team"
    table = _table(
        f"Paths to executives of {answer.account_id} from {who} as of {answer.as_of} "
        f"(at most {answer.max_hops} hops)",
        "#",
        "executive",
        "strength",
        "path",
    )
    for n, p in enumerate(answer.paths, 1):
        table.add_row(_t(n), _who(p.executive), _num(p.strength), Text(chain(p.nodes, p.hops)))
        for alt in p.alternatives:
            table.add_row(
                _t(""), _t("  alternative"), _num(alt.strength), _t(chain(alt.nodes, alt.hops))
            )
    if answer.unreachable:
        table.caption = Text("unreachable: " + ", ".join(u.name for u in answer.unreachable))
    return table


def person_paths_table(answer: PersonPathsResult) -> RenderableType:
    who = answer.from_team_member_id or "the team"
    table = _table(
        f"Paths to {answer.person.name} ({answer.person.id}) from {who} as of {answer.as_of}",
        "#",
        "strength",
        "path",
    )
    for n, p in enumerate(answer.paths, 1):
        table.add_row(_t(n), _num(p.strength), Text(chain(p.nodes, p.hops)))
    return table


def introductions_table(answer: IntroductionsAnswer) -> RenderableType:
    table = _table(
        f"Introducers into {answer.unit.name} ({answer.unit.id}) for "
        f"{answer.from_team_member_name} as of {answer.as_of}",
        "#",
        "introducer",
        "target",
        "strength",
        "path",
    )
    for n, i in enumerate(answer.introductions, 1):
        who = "you know them" if i.direct else f"{i.introducer.name} ({_side(i.introducer)})"
        table.add_row(
            _t(n),
            _t(who),
            _who(i.target),
            _num(i.strength),
            Text(chain(i.nodes, i.hops)),
        )
    return table


def _side(node: PathNode) -> str:
    return "colleague" if node.kind == "team_member" else "customer"


def relationship_tables(answer: RelationshipEvidence) -> RenderableType:
    """Why a relationship has its strength: the given part, each activity, the result."""
    head = _table(
        f"{answer.team_member_name} → {answer.person.name} ({answer.person.id}) as of "
        f"{answer.as_of}",
        "what",
        "value",
    )
    g = answer.given
    if g is not None:
        head.add_row(_t("given strength"), _num(g.strength, 2))
        head.add_row(_t("last contact"), _t(g.last_contact or "none (no decay)"))
        head.add_row(
            _t("decayed"),
            _t(
                f"{g.strength:.2f} × 0.5^({g.days_since_contact}/{answer.half_life_days:g}) "
                f"= {g.decayed:.3f}"
            ),
        )
    if answer.activity_score is not None and answer.activity_strength is not None:
        head.add_row(
            _t("activities"),
            _t(f"score {answer.activity_score:.3f}, 1 − e^−score = {answer.activity_strength:.3f}"),
        )
    verdict = "strong" if answer.strong else "not strong"
    head.add_row(_t("strength"), _t(f"{answer.strength:.3f} ({answer.from_source}), {verdict}"))
    head.add_row(_t("no longer strong on"), _t(answer.strong_until or ""))
    acts = _table("Activities counted", "date", "type", "weight", "contribution")
    for a in answer.activities:
        acts.add_row(_t(a.date), _t(a.type.value), _num(a.weight, 2), _num(a.contribution))
    return Group(head, acts, Text(answer.explanation))


def key_people_table(answer: KeyPeopleResult) -> RenderableType:
    table = _table(
        f"Key people of {answer.account_id} as of {answer.as_of}",
        "who",
        "kind",
        "alone holds units",
        "alone reaches executives",
    )
    for k in answer.key_people:
        table.add_row(
            _t(k.node.name),
            _t(k.node.kind),
            _t(", ".join(f"{u.name} ({u.id})" for u in k.units)),
            _t(", ".join(f"{p.name} ({p.id})" for p in k.executives)),
        )
    return table


def departure_tables(answer: DepartureImpact) -> RenderableType:
    s = answer.subject
    units = _table(
        f"If {s.name} ({s.kind} {s.id}) left {answer.account_id}, as of {answer.as_of}: "
        "coverage falling",
        "unit",
        "id",
        "before",
        "after",
    )
    for c in answer.units_falling:
        units.add_row(_t(c.unit.name), _t(c.unit.id), _t(c.before.value), _t(c.after.value))
    paths = _table("Executives: paths lost or weakened", "executive", "before", "after")
    for p in answer.executives_lost:
        paths.add_row(_who(p), _t(""), _t("lost"))
    for w in answer.executive_paths_weakened:
        paths.add_row(_who(w.executive), _num(w.before), _num(w.after))
    return Group(units, paths)


def alerts_table(page: AlertsPage) -> RenderableType:
    table = _table(
        f"Alerts as of {page.as_of} ({len(page.items)} of {page.total})",
        "date",
        "kind",
        "severity",
        "account",
        "message",
    )
    for a in page.items:
        table.add_row(
            _t(a.date), _t(a.kind.value), _t(a.severity.value), _t(a.account_id), _t(a.message)
        )
    return table
