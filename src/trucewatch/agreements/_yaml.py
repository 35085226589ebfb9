"""Reading agreement YAML strictly and within limits.

PyYAML's SafeLoader turns ``2016-02-27T00:00:00+02:00`` into a datetime converted to naive UTC
(losing the offset) and accepts ``2016-02-27 00:00`` without one. :class:`StrictLoader` drops the
timestamp resolver, so the agreement loader sees the text as written and checks it itself.

An agreement text is untrusted input, so :func:`load_yaml` refuses, before building anything:
texts over :data:`MAX_YAML_BYTES`, aliases (``*name``: a few hundred bytes of aliases can stand
for billions of nodes), collections nested deeper than :data:`MAX_DEPTH`, mapping keys that are
not text, duplicate keys and numbers longer than :data:`MAX_NUMBER_CHARS` characters. The first
pass only reads events (libyaml when available, no recursion); nodes are composed after it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.resolver import Resolver

from trucewatch.bounded_read import read_bounded
from trucewatch.errors import AgreementError, ValidationError

__all__ = [
    "MAX_DEPTH",
    "MAX_NUMBER_CHARS",
    "MAX_YAML_BYTES",
    "StrictLoader",
    "line_of",
    "load_yaml",
]

#: Largest agreement text read (4 MiB): room for a scope of 50,000 vertices written inline.
MAX_YAML_BYTES = 4 * 1024 * 1024
#: Deepest nesting of lists and mappings (a MultiPolygon in a FeatureCollection of an
#: extension's scope is 12 levels deep).
MAX_DEPTH = 32
#: Longest integer or float literal (longer ones are not a count, an id or a coordinate).
MAX_NUMBER_CHARS = 40

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_Parser: Any = getattr(getattr(yaml, "cyaml", None), "CParser", None)


class _StrictConstructor(SafeConstructor):
    """SafeConstructor refusing duplicate keys, keys that are not text and huge numbers."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[str, int] = {}
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=True)  # type: ignore[no-untyped-call]
            if not isinstance(key, str):
                shown = repr(key) if isinstance(key_node, yaml.ScalarNode) else "a collection"
                raise ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"found the key {shown}, which is not text (write keys as names, e.g. start:)",
                    key_node.start_mark,
                )
            if key in seen:
                raise ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"found duplicate key {key!r} (first on line {seen[key] + 1})",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)

    def _number(self, node: yaml.ScalarNode, kind: str) -> Any:
        if len(node.value) > MAX_NUMBER_CHARS:
            raise ConstructorError(
                None,
                None,
                f"found a number of {len(node.value):,} characters; at most "
                f"{MAX_NUMBER_CHARS} (quote it if it is text)",
                node.start_mark,
            )
        return getattr(super(), f"construct_yaml_{kind}")(node)

    def construct_merge(self, node: yaml.Node) -> Any:
        raise ConstructorError(
            None, None, "merge keys (<<) are not allowed: write the keys out", node.start_mark
        )

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        return self._number(node, "int")

    def construct_yaml_float(self, node: yaml.ScalarNode) -> Any:
        if len(node.value) <= MAX_NUMBER_CHARS:
            try:  # the common decimal form, read as PyYAML reads it, without its Python steps
                return float(node.value)
            except ValueError:  # .inf, .nan, 1:30.5, 1__0.5: PyYAML's own reading
                pass
        return self._number(node, "float")


_StrictConstructor.add_constructor(  # type: ignore[type-var]
    "tag:yaml.org,2002:int", _StrictConstructor.construct_yaml_int
)
_StrictConstructor.add_constructor(  # type: ignore[type-var]
    "tag:yaml.org,2002:float", _StrictConstructor.construct_yaml_float
)
_StrictConstructor.add_constructor(  # type: ignore[type-var]
    "tag:yaml.org,2002:merge", _StrictConstructor.construct_merge
)
# An explicit ``!!timestamp`` stays text too: the loader reads instants itself.
_StrictConstructor.add_constructor(  # type: ignore[type-var]
    _TIMESTAMP, SafeConstructor.construct_yaml_str
)


class _StrictResolver(Resolver):
    """The YAML 1.1 resolver without timestamps (they stay text)."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {  # type: ignore[misc]
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
        for first, resolvers in Resolver.yaml_implicit_resolvers.items()
    }


if _Parser is not None:

    class StrictLoader(_Parser, _StrictConstructor, _StrictResolver):  # type: ignore[misc]
        """libyaml's parser and composer with the strict constructor and resolver."""

        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            _StrictConstructor.__init__(self)
            _StrictResolver.__init__(self)

else:  # pragma: no cover - PyYAML built without libyaml

    class StrictLoader(  # type: ignore[no-redef]
        yaml.reader.Reader,
        yaml.scanner.Scanner,
        yaml.parser.Parser,
        yaml.composer.Composer,
        _StrictConstructor,
        _StrictResolver,
    ):
        """PyYAML's pure-Python parser with the strict constructor and resolver."""

        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            _StrictConstructor.__init__(self)
            _StrictResolver.__init__(self)


def _refuse(message: str, mark: Any, source: str | None) -> AgreementError:
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    return AgreementError(f"YAML refused{where}: {message}", path=source)


def _check_events(text: str, source: str | None) -> None:
    """Refuse aliases and too deep nesting by reading the events (flat, no recursion)."""
    loader = StrictLoader(text)
    depth = 0
    try:
        while (event := loader.get_event()) is not None:  # type: ignore[no-untyped-call]
            if isinstance(event, yaml.AliasEvent):
                raise _refuse(
                    f"aliases (*{event.anchor}) are not allowed in agreement files: "
                    "write the value out in full",
                    event.start_mark,
                    source,
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _refuse(
                        f"lists and mappings are nested more than {MAX_DEPTH} levels deep; "
                        f"at most {MAX_DEPTH}",
                        event.start_mark,
                        source,
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()  # type: ignore[no-untyped-call]


def load_yaml(text: str, source: str | None = None) -> tuple[Any, yaml.Node | None]:
    """The data and the node tree (for line numbers) of a YAML document.

    Raises :class:`AgreementError` (with ``source`` as its path) for invalid YAML and for
    anything over the limits of this module.
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_YAML_BYTES:
        raise AgreementError(
            f"the agreement text is {size:,} bytes; at most {MAX_YAML_BYTES:,} are read "
            "(give large scopes as an admin unit of a loaded boundary layer)",
            path=source,
        )
    try:
        _check_events(text, source)
        loader = StrictLoader(text)
        try:
            node = loader.get_single_node()  # type: ignore[no-untyped-call]
            data = None if node is None else loader.construct_document(node)
        finally:
            loader.dispose()  # type: ignore[no-untyped-call]
    except (ValueError, OverflowError) as exc:  # a scalar PyYAML's constructor cannot build
        raise AgreementError(f"not valid YAML: {exc}", path=source) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise AgreementError(f"not valid YAML{where}: {problem}", path=source) from None
    return data, node


def read_agreement_text(path: str | Path) -> str:
    """The text of an agreement file: a regular file (not a FIFO, a device or a directory) of
    at most :data:`~trucewatch.agreements.MAX_YAML_BYTES`, in UTF-8."""
    path = Path(path)
    try:
        data = read_bounded(path, MAX_YAML_BYTES, "agreement file")
    except ValidationError as exc:
        raise AgreementError(str(exc), path=str(path)) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AgreementError(
            f"cannot read the agreement file: it is not UTF-8 text ({exc.reason} at byte "
            f"{exc.start})",
            path=str(path),
        ) from exc


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
