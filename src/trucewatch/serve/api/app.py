"""The app factory :func:`create_app` and :func:`serve` (what ``trucewatch serve`` runs)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from starlette.types import ASGIApp

from trucewatch.jobs import refresh_if_needed
from trucewatch.publish.alerts.schedule import alerts_every as alerts_schedule
from trucewatch.serve.api.access import Access, Limits
from trucewatch.serve.api.errors import CODES, install_error_handlers
from trucewatch.serve.api.headers import SecurityHeaders
from trucewatch.serve.api.limits import MAX_BODY, BodyLimit
from trucewatch.serve.api.routes_agreements import router as agreements_router
from trucewatch.serve.api.routes_changes import router as changes_router
from trucewatch.serve.api.routes_data import router as data_router
from trucewatch.serve.api.routes_docs import router as docs_router
from trucewatch.serve.api.routes_effect import router as effect_router
from trucewatch.serve.api.routes_ends import router as ends_router
from trucewatch.serve.api.routes_ingest import MAX_UPLOAD
from trucewatch.serve.api.routes_ingest import router as ingest_router
from trucewatch.serve.api.routes_map import router as map_router
from trucewatch.serve.api.routes_reports import router as reports_router
from trucewatch.serve.api.routes_settings import router as settings_router
from trucewatch.serve.api.routes_status import router as status_router
from trucewatch.serve.api.routes_subscriptions import router as subscriptions_router
from trucewatch.serve.api.schemas import ErrorShape
from trucewatch.watch.loop import watch_in_server

__all__ = ["Limits", "create_app", "serve"]


class _App(FastAPI):
    """FastAPI with the body limit and the security headers around everything, the error
    handlers' answers (a 500 too) included."""

    body_limit: tuple[int, int] = (MAX_BODY, MAX_BODY)

    def build_middleware_stack(self) -> ASGIApp:
        body, upload = self.body_limit
        return SecurityHeaders(
            BodyLimit(super().build_middleware_stack(), body=body, upload=upload)
        )


def create_app(
    db_path: Path | str,
    *,
    public_read: bool = True,
    read_only: bool = False,
    write_rate: float = 1.0,
    write_burst: int = 10,
    alerts_every: float | None = None,
    watch_spool: Path | None = None,
    store_wait: float = 30.0,
    max_upload: int = MAX_UPLOAD,
    max_body: int = MAX_BODY,
    limits: Limits | None = None,
) -> FastAPI:
    """The JSON API over the store at ``db_path`` (checked now; held only while requests use
    it, so that other processes can read and write it too: docs/store.md).

    ``public_read``: anyone may read (else any valid key is needed); ``read_only``: open the
    store read-only and refuse every write; ``write_rate``/``write_burst``: the token bucket
    of writes per key (per second, and the most saved up); ``alerts_every``: run the alerts
    (queue and deliver, see docs/alerts.md) every so many seconds while serving (None: never);
    ``watch_spool``: pull the followed feeds on their schedules while serving, their files
    spooled in that folder (``trucewatch serve --watch``, docs/watch.md; None: never);
    ``store_wait``: seconds a request waits for its turn on the store before a 503;
    ``max_upload``: the largest file POST /ingest accepts, in bytes; ``max_body``: the largest
    body of every other route; both are enforced while the body streams in (413).
    ``limits``: the rate limits by client address (failed key checks, answers computed for
    clients without a key; :class:`Limits`). Every answer carries the security headers
    (docs/api.md, "Security").
    """
    from trucewatch._version import __version__

    access = Access(
        Path(db_path),
        public_read=public_read,
        read_only=read_only,
        write_rate=write_rate,
        write_burst=write_burst,
        store_wait=store_wait,
        limits=limits or Limits(),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            every = None if read_only else alerts_every
            spool = None if read_only else watch_spool
            async with (
                alerts_schedule(access, every, refresh=refresh_if_needed),
                watch_in_server(access.shared, spool),
            ):
                yield
        finally:
            access.close()

    errors = {status: {"model": ErrorShape} for status in CODES}
    app = _App(
        title="trucewatch",
        version=__version__,
        description="Ceasefire monitoring: agreements, events, verdicts and effects. "
        "Every error is {'error': {'code', 'message', 'details'}}.",
        lifespan=lifespan,
        responses=errors,  # type: ignore[arg-type]
        docs_url=None,  # routes_docs serves them, with a policy of their own
        redoc_url=None,
    )
    app.body_limit = (max_body, max_upload)
    app.state.access = access
    install_error_handlers(app)
    app.include_router(changes_router)  # before data_router's /events/{event_id}
    app.include_router(data_router)
    app.include_router(agreements_router)
    app.include_router(effect_router)
    app.include_router(ends_router)
    app.include_router(map_router)
    app.include_router(reports_router)
    app.include_router(subscriptions_router)
    app.include_router(ingest_router)
    app.include_router(settings_router)
    app.include_router(status_router)
    app.include_router(docs_router)
    return app


def serve(
    db_path: Path | str,
    host: str = "127.0.0.1",
    port: int = 8000,
    public_read: bool = True,
    *,
    read_only: bool = False,
    log_level: str = "info",
    alerts_every: float | None = None,
    watch_spool: Path | None = None,
) -> None:
    """Run the API with uvicorn until interrupted (one worker process, many threads)."""
    import uvicorn

    app = create_app(
        db_path,
        public_read=public_read,
        read_only=read_only,
        alerts_every=alerts_every,
        watch_spool=watch_spool,
    )
    uvicorn.run(app, host=host, port=port, log_level=log_level, workers=1)
