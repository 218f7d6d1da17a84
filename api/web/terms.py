"""What the pages' words mean (issue 17): one list of terms, shown on the glossary
page (``/glossary``) and as tooltips wherever a status, strength or score appears
(``explain`` in every template). Figures come from the running settings, so the
words say what this server computes (DOMAIN.md states the rules)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from queries.settings import QuerySettings


@dataclass(frozen=True, slots=True)
class Term:
    key: str
    name: str
    group: str
    text: str


#: (key, name, group, text): ``{...}`` in a text is a figure of the settings
#: (:func:`_figures`), filled in by :func:`terms`.
_TERMS: Final = (
    ("covered", "covered", "Coverage",
     "Strong relationships reach two or more distinct people working directly in the unit."),
    ("single_threaded", "single-threaded", "Coverage",
     "Strong relationships reach exactly one person there: if they leave, we lose the unit."),
    ("weak", "weak", "Coverage", "We know people there, but nobody strongly."),
    ("uncovered", "uncovered", "Coverage",
     "Nobody on our team knows anyone working directly there."),
    ("gap", "gap", "Coverage",
     "An uncovered or weak unit, ranked: a unit whose sister is a customer first (an "
     "advocate is likely), then by headcount."),
    ("strength", "strength", "Relationships",
     "How well a team member knows a person, 0 to 1: the CRM's figure halved every {half} "
     "days since the last contact, or the sum of meetings, calls and e-mails, each fading "
     "the same way; the larger."),
    ("strong", "strong", "Relationships", "Strength {strong} or more."),
    ("stale", "stale", "Relationships", "No contact for more than {stale} days."),
    ("executive", "executive", "People",
     "C-level or VP, or an economic buyer or decision maker."),
    ("path", "path strength", "Paths",
     "A warm path runs from our team to a person through relationships and ties (at most "
     "{hops} hops); its strength is the product of its hops' strengths."),
    ("advocate", "advocate score", "Paths",
     "A person we know strongly, outside a unit, tied to it: our strength with them × "
     "their tie to the unit, × {bonus} when they sit in a customer unit."),
    ("key_person", "key person", "Paths",
     "Someone whose departure alone would cut every strong path into a unit or to an "
     "executive."),
    ("filled", "filled seat", "Buying committee",
     "Someone holds the buying role and we know them strongly."),
    ("unreached", "unreached seat", "Buying committee",
     "People hold the role, but nobody on our team knows them strongly: ask for an "
     "introduction."),
    ("empty", "empty seat", "Buying committee",
     "Nobody in scope holds a required role (economic buyer, decision maker, champion): "
     "find out who decides."),
    ("high", "high severity", "Alerts",
     "Act this week: a champion left, or a customer hangs on one person."),
    ("medium", "medium severity", "Alerts",
     "Act this month: a strong relationship is cooling, or an executive has gone quiet."),
    ("low", "low severity", "Alerts", "Worth knowing."),
    ("customer", "customer", "Accounts",
     "Won business in the last {won} months, or marked a customer in the data."),
)  # fmt: skip


def _figures(q: QuerySettings) -> dict[str, str]:
    return {
        "strong": f"{q.strong_threshold:g}",
        "half": f"{q.half_life_days:g}",
        "stale": str(q.stale_after_days),
        "hops": str(q.max_hops),
        "bonus": f"{q.customer_advocate_bonus:g}",
        "won": str(q.customer_won_months),
    }


def terms(q: QuerySettings) -> list[Term]:
    """Every term, its text stating this server's figures.

    >>> from queries.settings import QuerySettings
    >>> [t.text for t in terms(QuerySettings()) if t.key == "strong"] == [
    ...     f"Strength {QuerySettings().strong_threshold:g} or more."]
    True
    """
    figures = _figures(q)
    return [Term(key, name, group, text.format(**figures)) for key, name, group, text in _TERMS]


@lru_cache(maxsize=8)
def _words(q: QuerySettings) -> dict[str, str]:
    return {t.key: t.text for t in terms(q)}


def explain(q: QuerySettings, key: object) -> str:
    """The line of a term (a status, a seat state, a severity...), or ''."""
    return _words(q).get(str(getattr(key, "value", key)), "")
