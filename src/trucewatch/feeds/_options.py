"""Checks of feed options as they come from the store or the command line (JSON values, or
strings): a flag is a bool or "true"/"false", a count a whole number; anything else is refused
naming the feed, the option and what it takes (``bool("false")`` would be True)."""

from __future__ import annotations

from datetime import date

from trucewatch.errors import SourceError

__all__ = [
    "count_option",
    "day_option",
    "flag_option",
    "seconds_option",
    "text_option",
    "url_option",
]

_TRUE = ("true", "yes", "1")
_FALSE = ("false", "no", "0")


def text_option(kind: str, name: str, value: object) -> str:
    """``value`` as text: a string, or a whole number written as its digits (a country code
    given as 652); anything else (a fraction, a list, a flag) is refused."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise SourceError(f"{kind} feed option {name}: {value!r} is not text: write it as text")


def flag_option(kind: str, name: str, value: object) -> bool:
    """``value`` as a flag: a bool, or one of true/yes/1, false/no/0 (any case)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
        return value.strip().lower() in _TRUE
    raise SourceError(f"{kind} feed option {name}: {value!r} is not true or false")


def count_option(kind: str, name: str, value: object, least: int = 1) -> int:
    """``value`` as a whole number >= ``least`` (an int, or its decimal digits)."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise SourceError(f"{kind} feed option {name}: {value!r} is not a whole number >= {least}")
    return value


def seconds_option(kind: str, name: str, value: object) -> float:
    """``value`` as seconds >= 0 (a number, or one written as text)."""
    try:
        seconds = float(value) if isinstance(value, int | float | str) else -1.0
    except ValueError:
        seconds = -1.0
    if isinstance(value, bool) or not seconds >= 0 or seconds == float("inf"):
        raise SourceError(f"{kind} feed option {name}: {value!r} is not a number of seconds >= 0")
    return seconds


def day_option(kind: str, name: str, value: object) -> str:
    """``value`` as a day ``YYYY-MM-DD`` (or "" for none), checked and kept as text."""
    text = text_option(kind, name, value)
    if text:
        try:
            date.fromisoformat(text)
        except ValueError:
            raise SourceError(f"{kind} feed: {name} {text!r} is not a day YYYY-MM-DD") from None
    return text


def url_option(kind: str, name: str, value: object) -> str:
    """``value`` as an http(s) URL, without a trailing slash."""
    text = text_option(kind, name, value)
    if not text.startswith(("http://", "https://")):
        raise SourceError(f"{kind} feed: {name} {text!r} is not an http(s) URL")
    return text.rstrip("/")
