"""Clusters of a run: the auto links, then each decision still in force, in the order made.

accept and merge join two records; reject cuts the direct link between two records (they stay
together if other links join them); split cuts every link of a record made before it.
"""

from collections.abc import Iterable


def record_order(key: str) -> tuple[int, int]:
    """Registry persons first, then rows, each by number: the cluster is named by its first."""
    return (0 if key.startswith("p") else 1, int(key[1:]) if key[1:].isdigit() else 0)


def components(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> dict[str, str]:
    """key → cluster name (its first member by `record_order`)."""
    parent = {key: key for key in nodes}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for left, right in edges:
        a, b = find(left), find(right)
        if a != b:
            if record_order(b) < record_order(a):
                a, b = b, a
            parent[b] = a
    return {key: find(key) for key in parent}


def pair(left: str, right: str) -> tuple[str, str]:
    return (left, right) if record_order(left) <= record_order(right) else (right, left)


def edges_apply(
    auto: Iterable[tuple[str, str]], decisions: Iterable[tuple[str, str, str]]
) -> set[tuple[str, str]]:
    """The links in force: `auto` pairs, then decisions (kind, left, right) in order."""
    edges = {pair(a, b) for a, b in auto}
    for kind, left, right in decisions:
        if kind in ("accept", "merge", "registered") and right and left != right:
            edges.add(pair(left, right))
        elif kind == "reject" and right:
            edges.discard(pair(left, right))
        elif kind == "split":
            edges = {edge for edge in edges if left not in edge}
    return edges
