"""The web service, a face over the library beside the command line: the JSON API
(:mod:`trucewatch.serve.api`, FastAPI on uvicorn) and the map dashboard it serves at ``/``
(the static files in ``serve/dashboard/``).

    >>> from trucewatch.serve.api import create_app, serve
    >>> serve("events.duckdb", port=8000)                      # doctest: +SKIP

Nothing in the library imports it; ``trucewatch serve`` (``cli/serve.py``) runs it.
See docs/api.md and docs/dashboard.md.
"""
