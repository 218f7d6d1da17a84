"""Finding accounts, units, people and team members by name, title, e-mail or id.

Both stores keep a full-text index of those four kinds (the embedded store an
SQLite FTS5 table kept in step by triggers, :mod:`graph.embedded.search`; Neo4j a
FULLTEXT index, :mod:`graph.neo4j_search`) and answer :meth:`SearchStore.search`
with the keys of the records whose words start with every word typed, in any
field, accents and case ignored. Ranking for people is done once, above the
stores (:mod:`queries.search`), so both stores rank alike.

A query is reduced here to plain words (letters and digits) before either store
sees it: whatever an attacker types, no FTS5 or Lucene syntax reaches the index.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from typing import Final, Protocol, runtime_checkable

from graph.schema import Namespace

#: At most this many words of a query are used (the rest are ignored).
MAX_WORDS: Final = 8
#: Words are cut to this many characters (an id or an e-mail part is shorter).
MAX_WORD_CHARS: Final = 64
#: The kinds of record the index holds.
SEARCHED: Final = (Namespace.ACCOUNT, Namespace.UNIT, Namespace.PERSON, Namespace.TEAM_MEMBER)

_WORD = re.compile(r"\w+")
# Letters without a decomposition that both indexes still fold to plain Latin.
EXTRA_FOLDS: Final = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "ŀ": "l", "ß": "ss", "æ": "ae", "œ": "oe"}
)


def fold(text: str) -> str:
    """``text`` in lower case without accents, as the indexes compare words.

    >>> fold("Gdańsk ŁÓDŹ Müller")
    'gdansk lodz muller'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(EXTRA_FOLDS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The words of a query, folded: letters and digits only (``_`` splits too).

    >>> words('  Anna "OR" nowak* pe-0012 (x) ')
    ['anna', 'or', 'nowak', 'pe', '0012', 'x']
    >>> words('"; DROP TABLE people; --')
    ['drop', 'table', 'people']
    >>> words("***")
    []
    """
    found = [w[:MAX_WORD_CHARS] for w in _WORD.findall(fold(text).replace("_", " "))]
    return found[:MAX_WORDS]


@dataclass(frozen=True, slots=True)
class SearchKey:
    """One record the index found: its kind and id."""

    namespace: Namespace
    id: str


@runtime_checkable
class SearchStore(Protocol):
    """The search side of a store; both stores implement it."""

    def search(
        self, query: str, limit: int, account_ids: Collection[str] | None = None
    ) -> list[SearchKey]:
        """Up to ``limit`` records (of :data:`SEARCHED`) having, for every word of
        ``query`` (see :func:`words`), a word in their name, title, e-mail or id
        that starts with it; the store's most relevant first. None when the query
        has no word or ``limit`` < 1. With ``account_ids``, accounts, units and
        people outside those accounts are left out (team members are not)."""
        ...
