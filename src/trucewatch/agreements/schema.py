"""The JSON Schema of agreement files and readable messages for its violations.

The schema (draft 2020-12, ``agreement.schema.json`` beside this module) fixes the shape of a file:
which keys exist (unknown keys are errors), their types and patterns. Meaning (instants and their
time zone, chains, scopes) is checked by :mod:`trucewatch.agreements.loader`.
"""

from __future__ import annotations

import difflib
import json
import math
from functools import cache
from importlib import resources
from itertools import islice
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # jsonschema is imported on the first validation (~0.05 s of a start-up)
    import jsonschema
    from jsonschema.exceptions import ValidationError as SchemaViolation

__all__ = [
    "FORMAT",
    "REPORTED",
    "SUPPORTED_FORMATS",
    "field_path",
    "first_non_finite",
    "schema",
    "violations",
]

FORMAT = "trucewatch.agreement/1"
#: Schema violations looked for before the first is reported (with the count of the others).
REPORTED = 20
SUPPORTED_FORMATS = (FORMAT,)


@cache
def schema() -> dict[str, Any]:
    """The agreement JSON Schema (as shipped in the package)."""
    text = resources.files("trucewatch.agreements").joinpath("agreement.schema.json").read_text()
    return dict(json.loads(text))


@cache
def _validator() -> jsonschema.Draft202012Validator:
    import jsonschema

    return jsonschema.Draft202012Validator(schema())


def field_path(parts: list[str | int] | tuple[str | int, ...]) -> str:
    """``['extensions', 1, 'start']`` → ``extensions[1].start``."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _explain(err: SchemaViolation) -> tuple[list[str | int], str]:
    """The field path and a message (value + what is allowed) for one violation."""
    path: list[str | int] = list(err.absolute_path)
    value, kind, schema_ = err.instance, err.validator, err.schema
    if kind == "additionalProperties":
        allowed = sorted(schema_.get("properties", {}))
        unknown = [k for k in value if k not in allowed]
        key = unknown[0] if unknown else "?"
        close = difflib.get_close_matches(str(key), allowed, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        return [*path, key], f"unknown key {key!r}; {hint}allowed keys here: {', '.join(allowed)}"
    if kind == "required":
        missing = [k for k in err.validator_value if k not in value]
        return [*path, missing[0]], f"missing required key {missing[0]!r}"
    if kind == "type":
        return path, (
            f"value {_short(value)} is a {type(value).__name__}; expected {err.validator_value}"
        )
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        low = schema_.get("minimum", schema_.get("exclusiveMinimum", "-inf"))
        high = schema_.get("maximum", schema_.get("exclusiveMaximum", "inf"))
        left = "(" if "exclusiveMinimum" in schema_ else "["
        right = ")" if "exclusiveMaximum" in schema_ else "]"
        return path, f"value {_short(value)} is outside {left}{low}, {high}{right}"
    if kind == "pattern":
        what = schema_.get("description", f"the pattern {err.validator_value}")
        return path, f"value {_short(value)} is not allowed: expected {what}"
    if kind in ("minItems", "minLength"):
        return path, f"value {_short(value)} must not be empty"
    if kind == "maxItems":
        return path, f"the list has {len(value):,} items; at most {err.validator_value:,}"
    if kind == "maxLength":
        return path, (
            f"value {_short(value)} is {len(value):,} characters long; "
            f"at most {err.validator_value:,}"
        )
    if kind == "enum":
        choices = ", ".join(map(str, err.validator_value))
        return path, f"value {_short(value)} is not one of {choices}"
    if kind == "const":
        return path, f"value {_short(value)} is not allowed; the only value allowed is " + repr(
            err.validator_value
        )
    if kind == "oneOf" and err.context:
        # Explain the branch that matches the value's type (e.g. a mapping, not a plain string).
        relevant = [e for e in err.context if not (e.validator == "type" and not e.relative_path)]
        if relevant:
            return _explain(min(relevant, key=lambda e: len(e.relative_path)))
    return path, f"value {_short(value)} is not allowed: {err.message}"


def violations(document: Any, limit: int | None = None) -> list[tuple[list[str | int], str]]:
    """The schema violations of a document as (field path, message), in document order.

    ``limit``: stop after that many (a file of a million bad items is not walked to its end).
    """
    found = islice(_validator().iter_errors(document), limit)
    errors = sorted(found, key=lambda e: [str(p) for p in e.path])
    return [_explain(e) for e in errors]


def first_non_finite(document: Any) -> tuple[list[str | int], float] | None:
    """The path and value of the first NaN or infinite number in the document, if any."""
    if not _any_non_finite(document):  # the fast walk: no paths built
        return None
    stack: list[tuple[list[str | int], Any]] = [([], document)]
    while stack:
        parts, value = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            return parts, value
        if isinstance(value, dict):
            stack += [([*parts, k], v) for k, v in reversed(list(value.items()))]
        elif isinstance(value, list):
            stack += [([*parts, i], v) for i, v in reversed(list(enumerate(value)))]
    return None


def _any_non_finite(document: Any) -> bool:
    stack = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, float):
            if not math.isfinite(value):
                return True
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False
