"""The JSON API (FastAPI): agreements, events, verdicts and effects over one store.

    >>> from trucewatch.publish.api import create_app, serve
    >>> serve("events.duckdb", port=8000)                      # doctest: +SKIP

See docs/api.md for the endpoints, keys and roles, the error shape and the rate limit.
"""

from trucewatch.publish.api.app import create_app, serve

__all__ = ["create_app", "serve"]
