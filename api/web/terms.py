"""What the pages' words mean (issue 17): one list of terms, shown on the glossary
page (``/glossary``) and as tooltips wherever a status, strength or score appears
(``explain`` in every template). Figures come from the running settings, so the
words say what this server computes (DOMAIN.md states the rules)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from queries.settings import QuerySettings


@dataclass(frozen=True, slots=True)
class Term:
    key: str
    name: str
    group: str
    text: str


def terms(q: QuerySettings) -> list[Term]:
    strong = f"{q.strong_threshold:g}"
    half = f"{q.half_life_days:g}"
    return [
        Term(
            "covered",
            "covered",
            "Coverage",
            "Strong relationships reach two or more distinct people working directly in the unit.",
        ),
        Term(
            "single_threaded",
            "single-threaded",
            "Coverage",
            "Strong relationships reach exactly one person there: if they leave, we lose the unit.",
        ),
        Term("weak", "weak", "Coverage", "We know people there, but nobody strongly."),
        Term(
            "uncovered",
            "uncovered",
            "Coverage",
            "Nobody on our team knows anyone working directly there.",
        ),
        Term(
            "gap",
            "gap",
            "Coverage",
            "An uncovered or weak unit, ranked: a unit whose sister "
            "is a customer first (an advocate is likely), then by headcount.",
        ),
        Term(
            "strength",
            "strength",
            "Relationships",
            f"How well a team member knows a person, "
            f"0 to 1: the CRM's figure halved every {half} days since the last contact, or "
            "the sum of meetings, calls and e-mails, each fading the same way; the larger.",
        ),
        Term("strong", "strong", "Relationships", f"Strength {strong} or more."),
        Term(
            "stale",
            "stale",
            "Relationships",
            f"No contact for more than {q.stale_after_days} days.",
        ),
        Term(
            "executive",
            "executive",
            "People",
            "C-level or VP, or an economic buyer or decision maker.",
        ),
        Term(
            "path",
            "path strength",
            "Paths",
            "A warm path runs from our team to a person "
            f"through relationships and ties (at most {q.max_hops} hops); its strength is the "
            "product of its hops' strengths.",
        ),
        Term(
            "advocate",
            "advocate score",
            "Paths",
            "A person we know strongly, outside a "
            "unit, tied to it: our strength with them × their tie to the unit, × "
            f"{q.customer_advocate_bonus:g} when they sit in a customer unit.",
        ),
        Term(
            "key_person",
            "key person",
            "Paths",
            "Someone whose departure alone would cut "
            "every strong path into a unit or to an executive.",
        ),
        Term(
            "filled",
            "filled seat",
            "Buying committee",
            "Someone holds the buying role and we know them strongly.",
        ),
        Term(
            "unreached",
            "unreached seat",
            "Buying committee",
            "People hold the role, but "
            "nobody on our team knows them strongly: ask for an introduction.",
        ),
        Term(
            "empty",
            "empty seat",
            "Buying committee",
            "Nobody in scope holds a required "
            "role (economic buyer, decision maker, champion): find out who decides.",
        ),
        Term(
            "high",
            "high severity",
            "Alerts",
            "Act this week: a champion left, or a customer hangs on one person.",
        ),
        Term(
            "medium",
            "medium severity",
            "Alerts",
            "Act this month: a strong relationship is cooling, or an executive has gone quiet.",
        ),
        Term("low", "low severity", "Alerts", "Worth knowing."),
        Term(
            "customer",
            "customer",
            "Accounts",
            f"Won business in the last "
            f"{q.customer_won_months} months, or marked a customer in the data.",
        ),
    ]


@lru_cache(maxsize=8)
def _words(q: QuerySettings) -> dict[str, str]:
    return {t.key: t.text for t in terms(q)}


def explain(q: QuerySettings, key: object) -> str:
    """The line of a term (a status, a seat state, a severity...), or ''."""
    return _words(q).get(str(getattr(key, "value", key)), "")
