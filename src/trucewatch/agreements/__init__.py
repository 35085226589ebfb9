"""Agreements as data: the YAML format ``trucewatch.agreement/1``, its schema, loading, queries.

See docs/agreements.md for the format. Typical use::

    from trucewatch.agreements import load_agreement, in_force
    aleppo = load_agreement("aleppo.yaml")
    in_force([aleppo], 36.2, 37.16, datetime(2016, 5, 8, tzinfo=UTC))
"""

from trucewatch.agreements.bundled import example_paths, load_examples
from trucewatch.agreements.loader import load_agreement, load_agreements, parse_agreement
from trucewatch.agreements.queries import in_force, resolve_scopes, windows_in_utc
from trucewatch.agreements.render import (
    OPEN_ENDED,
    agreement_end_text,
    agreement_to_dict,
    end_text,
    scope_summary,
    window_to_dict,
)
from trucewatch.agreements.schema import FORMAT, SUPPORTED_FORMATS, schema

__all__ = [
    "FORMAT",
    "OPEN_ENDED",
    "SUPPORTED_FORMATS",
    "agreement_end_text",
    "agreement_to_dict",
    "end_text",
    "example_paths",
    "in_force",
    "load_agreement",
    "load_agreements",
    "load_examples",
    "parse_agreement",
    "resolve_scopes",
    "schema",
    "scope_summary",
    "window_to_dict",
    "windows_in_utc",
]
