"""Reading agreement YAML strictly: timestamps stay text, duplicate keys are errors.

PyYAML's SafeLoader turns ``2016-02-27T00:00:00+02:00`` into a datetime converted to naive UTC
(losing the offset) and accepts ``2016-02-27 00:00`` without one. :class:`StrictLoader` drops the
timestamp resolver, so the agreement loader sees the text as written and checks it itself.
"""

from __future__ import annotations

from typing import Any, ClassVar

import yaml

__all__ = ["StrictLoader", "line_of", "load_yaml"]


class StrictLoader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver and refusing duplicate mapping keys."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {  # type: ignore[misc]
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=True)  # type: ignore[no-untyped-call]
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"found duplicate key {key!r} (first on line {seen[key] + 1})",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


def load_yaml(text: str) -> tuple[Any, yaml.Node | None]:
    """The data and the node tree (for line numbers) of a YAML document."""
    data = yaml.load(text, Loader=StrictLoader)
    node = yaml.compose(text, Loader=StrictLoader)
    return data, node


def line_of(node: yaml.Node | None, path: list[str | int]) -> int | None:
    """The 1-based line where the value at ``path`` (keys and indices) starts, if found."""
    line = None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == part), None)
            if match is None:
                key = next((k for k, _ in node.value if k.value == part), None)
                return line if key is None else key.start_mark.line + 1
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return line
            node = node.value[part]
        else:
            return line
        line = node.start_mark.line + 1
    return line
