"""GET /docs and /redoc: FastAPI's interactive API docs, under a policy of their own.

They are FastAPI's pages (Swagger UI and ReDoc, loaded from cdn.jsdelivr.net), served by
these routes rather than FastAPI's so that their Content-Security-Policy can name the one
inline script Swagger UI needs by its hash (no ``'unsafe-inline'`` for scripts) and allow
the CDN they load from: nothing else of the server loads anything from elsewhere.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse

from trucewatch.serve.api.headers import page_with_hashed_scripts

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_CDN = "https://cdn.jsdelivr.net"
_OAUTH2_REDIRECT = "/docs/oauth2-redirect"


def _openapi_url(request: Request) -> str:
    return str(request.scope.get("root_path", "")) + "/openapi.json"


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI over /openapi.json."""
    page = get_swagger_ui_html(
        openapi_url=_openapi_url(request),
        title=f"{request.app.title} - Swagger UI",
        oauth2_redirect_url=str(request.scope.get("root_path", "")) + _OAUTH2_REDIRECT,
    )
    return page_with_hashed_scripts(page, sources=_CDN, styles=f"{_CDN} 'unsafe-inline'")


@router.get(_OAUTH2_REDIRECT)
def swagger_ui_redirect() -> HTMLResponse:
    """Swagger UI's OAuth2 redirect page."""
    return page_with_hashed_scripts(get_swagger_ui_oauth2_redirect_html(), sources="", styles="")


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    """ReDoc over /openapi.json."""
    page = get_redoc_html(openapi_url=_openapi_url(request), title=f"{request.app.title} - ReDoc")
    styles = "https://fonts.googleapis.com 'unsafe-inline'"
    return page_with_hashed_scripts(page, sources=_CDN, styles=styles)
