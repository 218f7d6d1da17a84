"""Search in Neo4j: the Lucene query :class:`graph.neo4j_store.Neo4jStore` sends to
its FULLTEXT index (the statements are in :mod:`graph.cypher`).

The user's text never reaches Lucene's query parser as typed: it is reduced to
folded words of letters and digits (:func:`graph.search.words`), each made a
required prefix term, so no operator, field, range, fuzzy or regex syntax of an
attacker's survives.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from graph.neo4j_rows import namespace_of
from graph.search import SearchKey, words

#: How much more a word found in the name weighs than one found elsewhere.
NAME_BOOST: Final = 10


def lucene_query(query: str) -> str | None:
    """Every word of ``query`` as a required prefix term, and again as an optional
    one on the name, boosted; None without a word.

    Lucene scores a prefix term the same for every record it matches, so without
    the boost a person named Ana would rank with the thousands of analysts the
    word "ana" finds through their title, and be cut by the limit.

    A word found whole in the name weighs twice that: "ana" ranks Ana Lima above
    Analytics.

    >>> lucene_query('Gdańsk id:x*')
    '+gdansk* +id* +x* name:gdansk*^10 name:gdansk^10 name:id*^10 name:id^10 name:x*^10 name:x^10'
    >>> lucene_query("  ") is None
    True
    """
    found = words(query)
    if not found:
        return None
    required = " ".join(f"+{w}*" for w in found)
    return required + "".join(f" name:{w}*^{NAME_BOOST} name:{w}^{NAME_BOOST}" for w in found)


def keys(rows: Iterable[tuple[list[str], str]]) -> list[SearchKey]:
    """The found records, from (labels, id) rows, in the index's order."""
    found = []
    for labels, key in rows:
        namespace = namespace_of(labels)
        if namespace is not None:
            found.append(SearchKey(namespace, key))
    return found
