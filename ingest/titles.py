"""Seniority from a job title, exactly as DOMAIN.md rules: first match wins.

Words match whole and case-insensitively, so "CTO" never matches inside "Director"
and "director" never inside "Directorate". "President" alone is C-level, but not in
"Vice President" (otherwise the ``vp`` rule for "vice president" could never apply).

>>> derive_seniority("Chief Revenue Officer")
<Seniority.C_LEVEL: 'c_level'>
>>> derive_seniority("Senior Vice President, Sales").value
'vp'
>>> derive_seniority("Head of Procurement").value
'vp'
>>> derive_seniority("Managing Director EMEA").value
'c_level'
>>> derive_seniority("Sales Director").value
'director'
>>> derive_seniority("Directorate assistant").value
'staff'
>>> derive_seniority("IT manager").value
'manager'
>>> derive_seniority(None).value
'staff'
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from graph.schema import Seniority

_RULES: Final[tuple[tuple[Seniority, re.Pattern[str]], ...]] = (
    (
        Seniority.C_LEVEL,
        re.compile(
            r"\bchief\b|\b(?:ceo|cfo|coo|cio|cto|cmo|cro|ciso)\b"
            r"|(?<!vice )(?<!vice-)\bpresident\b|\b(?:co-?)?founder\b|\bowner\b"
            r"|\bmanaging\s+director\b",
            re.IGNORECASE,
        ),
    ),
    (
        Seniority.VP,
        re.compile(r"\b(?:vp|svp|evp)\b|\bvice[\s-]+president\b|\bhead\s+of\b", re.IGNORECASE),
    ),
    (Seniority.DIRECTOR, re.compile(r"\bdirector\b", re.IGNORECASE)),
    (Seniority.MANAGER, re.compile(r"\bmanager\b", re.IGNORECASE)),
)


@lru_cache(maxsize=65536)
def derive_seniority(title: str | None) -> Seniority:
    """The seniority a title implies; ``staff`` when nothing matches or no title."""
    if title:
        for seniority, pattern in _RULES:
            if pattern.search(title):
                return seniority
    return Seniority.STAFF
