"""Which source a file looks like, from its first line: said when an adapter refuses a file.

An adapter checks a file's shape before it reads any row (a header with the columns it needs, or
GDELT's 61 tab-separated fields); when the shape is wrong the whole file is refused at once,
and the message names the source the file seems to come from, so that the user can run the
right command (``trucewatch ingest ucdp-ged`` for a UCDP file given to ``gdelt``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["GDELT2_WIDTH", "a_or_an", "guess_source", "looks_like_gdelt_row", "shape_hint"]

#: the number of fields of a GDELT 2.0 event export record
GDELT2_WIDTH = 61
#: GDELT 1.0 daily files have 57 fields (58 from April 2013, with SOURCEURL)
_GDELT1_WIDTHS = (57, 58)

# Columns that together identify a source's header (all of them must be present).
_SIGNATURES: dict[str, frozenset[str]] = {
    "ucdp-ged": frozenset({"type_of_violence", "where_prec", "date_prec", "date_start", "best"}),
    "acled": frozenset({"event_date", "event_type", "actor1", "geo_precision"}),
    "gdelt": frozenset({"GLOBALEVENTID", "SQLDATE", "EventCode", "ActionGeo_Type"}),
}
_COMMAND = "trucewatch ingest {source}"
_NAMES = {"ucdp-ged": "UCDP GED", "acled": "ACLED", "gdelt": "GDELT 2.0 event export"}
_DIGITS = re.compile(r"^\d+$")
_DAY = re.compile(r"^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$")


def a_or_an(name: str) -> str:
    """``name`` with its article, as read aloud: "an ACLED", "a UCDP GED", "a GDELT"."""
    return f"{'an' if name[:1].upper() in 'AEIO' else 'a'} {name}"


def _fields(first_line: Sequence[str]) -> list[str]:
    """The header's names, re-split when a tab- or comma-separated line was read whole."""
    names = [n.strip().lstrip("\ufeff") for n in first_line]
    if len(names) == 1 or any("\t" in n for n in names):
        line = ",".join(names)  # split again, tabs first: the reader's delimiter was not it
        for sep in ("\t", ",", ";", "|"):
            if sep in line:
                return [n.strip().strip('"') for n in line.split(sep)]
    return names


def _gdelt_start(values: Sequence[str]) -> bool:
    """A numeric event id, then a YYYYMMDD day: how every GDELT record starts."""
    return (
        len(values) >= 2
        and bool(_DIGITS.match(values[0].strip()))
        and bool(_DAY.match(values[1].strip()))
    )


def looks_like_gdelt_row(values: Sequence[str]) -> bool:
    """Whether a headerless record has GDELT 2.0's shape: 61 fields, a numeric id, a YYYYMMDD."""
    return len(values) == GDELT2_WIDTH and _gdelt_start(values)


def guess_source(first_line: Sequence[str]) -> str | None:
    """The source (as named on the command line) whose files start like ``first_line``.

    ``first_line`` is the file's first record as an adapter split it (one field when the
    adapter's delimiter is not the file's). None when no known source matches.
    """
    names = _fields(first_line)
    present = set(names)
    for source, needed in _SIGNATURES.items():
        if needed <= present:
            return source
    if looks_like_gdelt_row(names):
        return "gdelt"
    return None


def shape_hint(first_line: Sequence[str], adapter_source: str) -> str:
    """A sentence saying what the file seems to be instead (or ``""``), to end a refusal with."""
    names = _fields(first_line)
    if len(names) in _GDELT1_WIDTHS and _gdelt_start(names):
        return (
            f"; its first line has {len(names)} fields, like a GDELT 1.0 daily file: only "
            "GDELT 2.0 event exports (61 fields) are read"
        )
    source = guess_source(first_line)
    if source is None or source == adapter_source:
        return ""
    return f"; it looks like {a_or_an(_NAMES[source])} file: use `{_COMMAND.format(source=source)}`"
