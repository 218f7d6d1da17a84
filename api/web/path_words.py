"""A path's strength explained in words, for the web pages (issue 12):
"0.98 × 0.80 = 0.78: Jonas Richter knows Ingrid Haugen very well, Ingrid Haugen is
a friend of Tomasz Kowalczyk"."""

from __future__ import annotations

from queries.models import Hop, Path

_TIES = {
    "tie:friend": "is a friend of",
    "tie:colleague": "works with",
    "tie:former_colleague": "used to work with",
}


def _how_well(strength: float) -> str:
    if strength >= 0.8:
        return "very well"
    if strength >= 0.5:
        return "well"
    return "a little"


def hop_words(hop: Hop, a: str, b: str) -> str:
    """One hop as a clause, read in the direction walked.

    >>> h = Hop(from_id="x", to_id="y", relation="manages", strength=0.6, last_contact=None)
    >>> hop_words(h, "Astrid", "Tomasz")
    'Astrid manages Tomasz'
    """
    match hop.relation:
        case "relationship":
            return f"{a} knows {b} {_how_well(hop.strength)}"
        case "reports_to":
            return f"{a} reports to {b}"
        case "manages":
            return f"{a} manages {b}"
        case "colleague":
            return f"{a} shares an account team with {b}"
    return f"{a} {_TIES.get(hop.relation, 'knows')} {b}"


def path_words(path: Path) -> str:
    """The path's strength as a product, then each hop in words.

    >>> from queries.models import PathNode
    >>> nodes = [PathNode(id="T", kind="team_member", name="Jonas"),
    ...          PathNode(id="I", kind="person", name="Ingrid"),
    ...          PathNode(id="K", kind="person", name="Tomasz")]
    >>> hops = [Hop(from_id="T", to_id="I", relation="relationship", strength=0.98,
    ...             last_contact=None),
    ...         Hop(from_id="I", to_id="K", relation="tie:friend", strength=0.8,
    ...             last_contact=None)]
    >>> path_words(Path(nodes=nodes, hops=hops, strength=0.784, target=nodes[-1]))
    '0.98 × 0.80 = 0.78: Jonas knows Ingrid very well, Ingrid is a friend of Tomasz'
    """
    product = " × ".join(f"{h.strength:.2f}" for h in path.hops)
    clauses = [
        hop_words(h, a.name, b.name)
        for h, a, b in zip(path.hops, path.nodes[:-1], path.nodes[1:], strict=True)
    ]
    return f"{product} = {path.strength:.2f}: {', '.join(clauses)}"
