"""Editing agreement texts: append an extension to the chain, or record how a window or the
whole agreement ended, keeping the rest of the text.

    >>> text = add_extension(text, {"id": "ext-24h", "duration": "24h"})   # doctest: +SKIP
    >>> end = {"kind": "collapsed", "at": "2016-09-19", "evidence": ["..."]}
    >>> text = add_end(text, end, window="us-declaration")   # doctest: +SKIP

The new extension is written as a YAML block at the end of the ``extensions`` list (or a new
``extensions:`` key at the end of the document), so comments and layout of the rest stay as
they were. When that is not possible (a document written in flow style, e.g. JSON), the whole
document is written again with ``yaml.safe_dump`` (its comments are then lost). Either way the
result is read back and checked to hold exactly the old document plus the new extension; the
caller validates it with the loader (:func:`trucewatch.agreements.parse_agreement`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from trucewatch.agreements._yaml import load_yaml
from trucewatch.agreements.loader import parse_agreement
from trucewatch.errors import AgreementError
from trucewatch.suggest import close_matches

__all__ = [
    "DECLARATION_KEYS",
    "END_KEYS",
    "EXTENSION_KEYS",
    "add_declaration",
    "add_end",
    "add_extension",
    "default_start",
]

#: The keys an extension may have (as in ``agreement.schema.json``).
EXTENSION_KEYS = ("id", "parent", "start", "end", "duration", "timezone", "scope", "note", "source")
#: The keys a declaration may have.
DECLARATION_KEYS = (
    "id",
    "by",
    "start",
    "end",
    "duration",
    "open",
    "timezone",
    "scope",
    "note",
    "source",
)
#: The keys of an ``ended`` record.
END_KEYS = ("kind", "at", "replaced_by", "evidence", "note")


def _fail(message: str, field: str, source: str) -> AgreementError:
    return AgreementError(message, path=source, field=field)


def _document(text: str, source: str) -> tuple[dict[str, Any], yaml.Node | None]:
    data, node = load_yaml(text, source)
    if not isinstance(data, dict):
        raise _fail(f"the agreement must be a mapping, not {type(data).__name__}", "", source)
    return data, node


def default_start(text: str, extension: Mapping[str, Any], *, source: str = "agreement") -> str:
    """The start an extension gets when none is given: the end of its parent window.

    The parent is ``extension["parent"]`` or the last window of the chain; the instant is
    written in the extension's time zone (or the agreement's), e.g. ``2016-05-07T01:00:00+03:00``.
    """
    data, node = _document(text, source)
    agreement = parse_agreement(data, source=source, node=node)
    chain = [agreement.base, *agreement.extensions]
    index = len(data.get("extensions") or [])
    field = f"extensions[{index}]"
    parent_id = extension.get("parent", chain[-1].id)
    parent = next((w for w in chain if w.id == parent_id), None)
    if parent is None:
        known = ", ".join(w.id for w in chain)
        raise _fail(
            f"unknown parent window {parent_id!r}: an extension extends the base window or "
            f"an earlier extension ({known})",
            f"{field}.parent",
            source,
        )
    if parent.end is None:
        raise _fail(
            f"parent window {parent.id!r} is open-ended: there is no end to extend, so "
            "the extension needs its own start",
            f"{field}.start",
            source,
        )
    zone = str(extension.get("timezone") or agreement.timezone)
    try:
        tz = ZoneInfo(zone)
    except (ValueError, KeyError):  # the loader names close zones; here say what is wrong
        raise _fail(f"unknown time zone {zone!r}", f"{field}.timezone", source) from None
    return parent.end.astimezone(tz).isoformat()


def _block_item(extension: Mapping[str, Any], indent: int) -> str:
    dumped = yaml.safe_dump(
        [dict(extension)], default_flow_style=False, sort_keys=False, allow_unicode=True, width=96
    )
    pad = " " * indent
    return "".join(pad + line + "\n" for line in dumped.splitlines())


def _last_content_line(lines: list[str], first: int, stop: int) -> int:
    """The last line in ``[first, stop)`` that holds more than blanks or a comment."""
    for i in range(min(stop, len(lines)) - 1, first - 1, -1):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            return i
    return first


def add_extension(text: str, extension: Mapping[str, Any], *, source: str = "agreement") -> str:
    """``text`` with ``extension`` appended to its chain of extensions.

    ``extension`` has the keys of an extension in the format (``id``, ``start``, one of
    ``end``/``duration``, optional ``parent``, ``timezone``, ``scope``, ``note``, ``source``);
    without ``start`` it starts when its parent ends (:func:`default_start`). Keys the format
    does not know, or an id already used, raise :class:`AgreementError` naming the field. The
    result is not validated beyond that: pass it to the loader.
    """
    item = _item(text, "extensions", extension, EXTENSION_KEYS, source)
    if "start" not in item:
        start = default_start(text, item, source=source)
        item = {"id": item["id"], "start": start, **{k: v for k, v in item.items() if k != "id"}}
    return _append(text, "extensions", item, source)


def add_declaration(text: str, declaration: Mapping[str, Any], *, source: str = "agreement") -> str:
    """``text`` with ``declaration`` appended to its declarations: a start announced by one
    party, guarantor or mediator (``id``, ``by``, ``start``, one of ``end``/``duration``/
    ``open``, optional ``timezone``, ``scope``, ``note``, ``source``) — what extending an
    open-ended agreement to another place at another start is, since an extension needs a
    parent with an end. Checked as :func:`add_extension` checks; validate with the loader."""
    item = _item(text, "declarations", declaration, DECLARATION_KEYS, source)
    return _append(text, "declarations", item, source)


def _item(
    text: str, section: str, entry: Mapping[str, Any], keys: tuple[str, ...], source: str
) -> dict[str, Any]:
    data, _node = _document(text, source)
    existing = data.get(section)
    if existing is not None and not isinstance(existing, list):
        raise _fail(f"must be a list of {section}", section, source)
    field = f"{section}[{len(existing or [])}]"
    unknown = [k for k in entry if k not in keys]
    if unknown:
        raise _fail(
            f"unknown key {unknown[0]!r}: an entry of {section} has {', '.join(keys)}",
            f"{field}.{unknown[0]}",
            source,
        )
    item: dict[str, Any] = {k: entry[k] for k in keys if entry.get(k) is not None}
    if "id" not in item:
        raise _fail("missing required key 'id'", f"{field}.id", source)
    used = {str(e.get("id")) for e in existing or [] if isinstance(e, dict)}
    if item["id"] in used:
        raise _fail(f"id {item['id']!r} is already in {section} of this agreement", field, source)
    return item


def _append(text: str, section: str, item: dict[str, Any], source: str) -> str:
    data, node = _document(text, source)
    expected = {**data, section: [*(data.get(section) or []), item]}
    found = _first_reading_as(
        expected, _in_place(text, node, item, section), _rewritten(data, item, section)
    )
    if found is None:  # pragma: no cover
        raise _fail(f"could not append to {section} in this text", section, source)
    return found


def _in_place(text: str, node: yaml.Node | None, item: dict[str, Any], section: str) -> str | None:
    if not isinstance(node, yaml.MappingNode) or node.flow_style:
        return None
    value = next((v for k, v in node.value if k.value == section), None)
    body = text if text.endswith("\n") else text + "\n"
    if value is None:
        return body + f"\n{section}:\n" + _block_item(item, 2)
    if not isinstance(value, yaml.SequenceNode):
        return None
    if value.flow_style:
        close = value.end_mark.index - 1  # the ']'
        if text[close] != "]":
            return None
        sep = ", " if value.value else ""
        flow = json.dumps(item, ensure_ascii=False)
        return text[:close] + sep + flow + text[close:]
    if not value.value:
        return None
    lines = body.splitlines(keepends=True)
    dash = value.start_mark.column
    last = value.value[-1]
    stop = value.end_mark.line + (1 if value.end_mark.column > 0 else 0)
    after = _last_content_line(lines, last.start_mark.line, stop) + 1
    return "".join(lines[:after]) + _block_item(item, dash) + "".join(lines[after:])


def _rewritten(data: dict[str, Any], item: dict[str, Any], section: str) -> str:
    document = {**data, section: [*(data.get(section) or []), item]}
    return yaml.safe_dump(document, default_flow_style=False, sort_keys=False, allow_unicode=True)


def _target(
    data: dict[str, Any], window: str | None, source: str
) -> tuple[dict[str, Any], str, int | None]:
    """The mapping that gets ``ended``: the document (agreement) or the window's item."""
    if window is None:
        return data, "", None
    if window == "base":
        raise _fail(
            "the base window's end is the agreement's end: record it without a window "
            "(every window still running then ends too)",
            "ended",
            source,
        )
    known = ["base"]
    for section in ("extensions", "declarations"):
        items = data.get(section) or []
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and item.get("id") == window:
                return item, f"{section}[{index}].", index
            if isinstance(item, dict):
                known.append(str(item.get("id")))
    guesses = close_matches(window, known)
    guess = f" (did you mean {' or '.join(guesses)}?)" if guesses else ""
    raise _fail(
        f"unknown window {window!r}{guess}: this agreement has {', '.join(known)}",
        "ended",
        source,
    )


def add_end(
    text: str, end: Mapping[str, Any], *, window: str | None = None, source: str = "agreement"
) -> str:
    """``text`` with an ``ended`` record on ``window`` (None: on the whole agreement).

    ``end`` has the keys of the record (``kind``, ``at``, ``evidence``, ``replaced_by``,
    ``note``). A window (or agreement) that already has an end is refused: change it by editing
    the text. The record is written as a block under the window's item (or at the end of the
    document), so comments stay; the result is read back and checked to hold exactly the old
    document plus the record. Validate it with the loader.
    """
    data, node = _document(text, source)
    target, prefix, index = _target(data, window, source)
    field = f"{prefix}ended"
    unknown = [k for k in end if k not in END_KEYS]
    if unknown:
        raise _fail(
            f"unknown key {unknown[0]!r}: an end has {', '.join(END_KEYS)}",
            f"{field}.{unknown[0]}",
            source,
        )
    if "ended" in target:
        what = "the agreement" if window is None else f"window {window!r}"
        raise _fail(
            f"{what} already has an end recorded ({target['ended']!r}); to change it, edit the "
            "agreement's text and store it again",
            field,
            source,
        )
    record = {k: end[k] for k in END_KEYS if end.get(k) not in (None, [], ())}
    if isinstance(record.get("evidence"), tuple):
        record["evidence"] = list(record["evidence"])
    expected = _with_end(data, window, prefix, index, record)
    found = _first_reading_as(
        expected, _end_in_place(text, node, prefix, index, record), _dumped(expected)
    )
    if found is None:  # pragma: no cover
        raise _fail("could not add the end to this text", field, source)
    return found


def _first_reading_as(expected: Any, *candidates: str | None) -> str | None:
    """The first candidate text whose YAML reads back as ``expected`` (comments kept by the
    in-place edit come first; a rewrite of the whole document is the fallback)."""
    for candidate in candidates:
        if candidate is None:
            continue
        try:
            again, _ = load_yaml(candidate)
        except AgreementError:
            continue
        if again == expected:
            return candidate
    return None


def _with_end(
    data: dict[str, Any], window: str | None, prefix: str, index: int | None, record: Any
) -> dict[str, Any]:
    if window is None:
        return {**data, "ended": record}
    section = prefix.split("[", 1)[0]
    items = list(data[section])
    assert index is not None
    items[index] = {**items[index], "ended": record}
    return {**data, section: items}


def _dumped(document: dict[str, Any]) -> str:
    return yaml.safe_dump(document, default_flow_style=False, sort_keys=False, allow_unicode=True)


def _end_in_place(
    text: str, node: yaml.Node | None, prefix: str, index: int | None, record: dict[str, Any]
) -> str | None:
    if not isinstance(node, yaml.MappingNode) or node.flow_style:
        return None
    block = yaml.safe_dump(
        {"ended": record}, default_flow_style=False, sort_keys=False, allow_unicode=True, width=96
    )
    body = text if text.endswith("\n") else text + "\n"
    if index is None:
        return body + "\n" + block
    section = prefix.split("[", 1)[0]
    value = next((v for k, v in node.value if k.value == section), None)
    if not isinstance(value, yaml.SequenceNode) or value.flow_style:
        return None
    item = value.value[index]
    if not isinstance(item, yaml.MappingNode) or item.flow_style:
        return None
    lines = body.splitlines(keepends=True)
    stop = item.end_mark.line + (1 if item.end_mark.column > 0 else 0)
    after = _last_content_line(lines, item.start_mark.line, stop) + 1
    pad = " " * item.start_mark.column
    indented = "".join(pad + line + "\n" for line in block.splitlines())
    return "".join(lines[:after]) + indented + "".join(lines[after:])
