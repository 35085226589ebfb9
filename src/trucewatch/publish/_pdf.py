"""The PDF of a report: the same HTML laid out by WeasyPrint, with no network access.

WeasyPrint is imported only when a PDF is asked for. Its fetcher is limited to ``data:`` URIs,
so rendering never reaches the network (the report embeds every image).
"""

from __future__ import annotations

import warnings
from typing import Any

from trucewatch.errors import TrucewatchError

__all__ = ["pdf_engine", "render_pdf"]


def _weasyprint() -> Any:
    try:
        with warnings.catch_warnings():
            # WeasyPrint warns at import when the system lacks HarfBuzz-Subset (fonts are then
            # embedded whole); that does not change the output, only its size.
            warnings.filterwarnings("ignore", message=".*HarfBuzz", category=DeprecationWarning)
            import weasyprint
    except (ImportError, OSError) as exc:
        raise TrucewatchError(
            "writing the PDF needs WeasyPrint and the Pango library: "
            f"pip install weasyprint==70.0 ({exc})"
        ) from exc
    return weasyprint


def pdf_engine() -> str:
    """``weasyprint <version>``, or raise TrucewatchError saying what to install."""
    return f"weasyprint {_weasyprint().__version__}"


def render_pdf(html_text: str) -> bytes:
    """The PDF bytes of a self-contained HTML page."""
    weasyprint = _weasyprint()
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols=("data",), fail_on_errors=True)
    try:
        document = weasyprint.HTML(string=html_text, url_fetcher=fetcher)
        pdf = document.write_pdf()
    except Exception as exc:  # WeasyPrint raises many kinds; name the step that failed
        raise TrucewatchError(f"WeasyPrint could not lay out the report as PDF: {exc}") from exc
    if not isinstance(pdf, bytes) or not pdf.startswith(b"%PDF"):
        raise TrucewatchError("WeasyPrint returned no PDF")
    return pdf
