"""Request bodies of the write routes: size first, then JSON, then the route's model."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from trucewatch.serve.api.errors import ApiError
from trucewatch.serve.api.schemas import MAX_AGREEMENT_TEXT

__all__ = ["check_length", "json_body"]


def check_length(request: Request, limit: int = MAX_AGREEMENT_TEXT) -> None:
    """413 before reading a body whose declared length is over ``limit`` bytes."""
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limit:
        raise ApiError(413, f"the body is {int(length):,} bytes; at most {limit:,}")


async def json_body(request: Request, model: type[BaseModel], what: str) -> dict[str, Any]:
    """The JSON body validated by ``model`` (fields left unset dropped); ``what`` names it
    in the errors: 413 too long, 415 not JSON, 400 not valid JSON, 422 naming the field."""
    check_length(request)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise ApiError(415, f"content type {kind or '(none)'!r}: send {what} as JSON")
    try:
        data = json.loads(await request.body())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ApiError(400, f"the body is not valid JSON: {exc}") from None
    try:
        parsed = model.model_validate(data)
    except PydanticValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e.get("loc", ()))} for e in exc.errors()]
        ) from None
    return parsed.model_dump(exclude_none=True)
