"""Search in Neo4j: the Lucene query :class:`graph.neo4j_store.Neo4jStore` sends to
its FULLTEXT index (the statements are in :mod:`graph.cypher`).

The user's text never reaches Lucene's query parser as typed: it is reduced to
folded words of letters and digits (:func:`graph.search.words`), each made a
required prefix term, so no operator, field, range, fuzzy or regex syntax of an
attacker's survives.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.neo4j_rows import namespace_of
from graph.search import SearchKey, words


def lucene_query(query: str) -> str | None:
    """Every word of ``query`` as a required prefix term; None without a word.

    >>> lucene_query('Gdańsk OR id:x*')
    '+gdansk* +or* +id* +x*'
    >>> lucene_query("  ") is None
    True
    """
    found = words(query)
    return " ".join(f"+{w}*" for w in found) if found else None


def keys(rows: Iterable[tuple[list[str], str]]) -> list[SearchKey]:
    """The found records, from (labels, id) rows, in the index's order."""
    found = []
    for labels, key in rows:
        namespace = namespace_of(labels)
        if namespace is not None:
            found.append(SearchKey(namespace, key))
    return found
