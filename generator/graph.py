"""Which model refers to which: the data behind the docs' Mermaid diagrams."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from . import ir


@dataclass(frozen=True)
class Edge:
    source: str  # model name
    label: str  # the property (attribute name) that refers
    target: str  # model name


@dataclass(frozen=True)
class Relations:
    """What one model's diagram shows: the models it refers to and those that refer to it."""

    model: str
    outgoing: tuple[Edge, ...]
    incoming: tuple[Edge, ...]
    more_incoming: int  # referrers left out to keep the diagram readable


@dataclass(frozen=True)
class ModelGraph:
    edges: tuple[Edge, ...]
    models: tuple[str, ...]
    max_incoming: int = 12

    def relations(self, name: str) -> Relations:
        incoming = self.incoming.get(name, [])
        return Relations(
            model=name,
            outgoing=tuple(self.outgoing.get(name, [])),
            incoming=tuple(incoming[: self.max_incoming]),
            more_incoming=max(0, len(incoming) - self.max_incoming),
        )

    # Indexed once: a large API asks for every model's relations.
    @cached_property
    def outgoing(self) -> dict[str, list[Edge]]:
        by_source: dict[str, list[Edge]] = {}
        for edge in self.edges:
            by_source.setdefault(edge.source, []).append(edge)
        return by_source

    @cached_property
    def incoming(self) -> dict[str, list[Edge]]:
        by_target: dict[str, list[Edge]] = {}
        for edge in self.edges:
            if edge.source != edge.target:
                by_target.setdefault(edge.target, []).append(edge)
        return by_target

    def most_referenced(self, count: int) -> list[tuple[str, int]]:
        """The models most others refer to, for the index of a large API."""
        referrers = {
            name: len({edge.source for edge in edges}) for name, edges in self.incoming.items()
        }
        ranked = sorted(referrers.items(), key=lambda item: (-item[1], item[0]))
        return ranked[:count]


def model_graph(api: ir.Api) -> ModelGraph:
    """Which model refers to which, through which property (aliases seen through)."""
    edges: dict[tuple[str, str, str], Edge] = {}
    for model in api.models:
        for prop in model.properties:
            for target in referenced_models(prop.type):
                edges.setdefault(
                    (model.name, prop.name, target), Edge(model.name, prop.name, target)
                )
    return ModelGraph(tuple(edges.values()), tuple(model.name for model in api.models))


def referenced_models(expr: ir.TypeExpr, seen: frozenset[str] = frozenset()) -> list[str]:
    names: list[str] = []
    for node in ir.walk_types(expr):
        if isinstance(node, ir.ModelRef):
            names.append(node.name)
        elif isinstance(node, ir.AliasRef) and node.name not in seen:
            names.extend(referenced_models(node.target, seen | {node.name}))
    return list(dict.fromkeys(names))
