"""The JSON API (FastAPI): agreements, events, verdicts and effects over one store.

    >>> from trucewatch.serve.api import create_app, serve
    >>> serve("events.duckdb", port=8000)                      # doctest: +SKIP

See docs/api.md for the endpoints, keys and roles, the error shape, the rate limits and the
security headers.
"""

from trucewatch.serve.api.app import Limits, create_app, serve

__all__ = ["Limits", "create_app", "serve"]
