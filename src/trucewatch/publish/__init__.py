"""Publishing: the monitoring report of an agreement as self-contained HTML and PDF.

The names below are imported on first use (PEP 562): the report needs matplotlib and the
verdict engine, which ``trucewatch.publish.alerts`` and the command line's start-up must not
pay for.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trucewatch.publish._store import report_for, report_for_store, write_report_for_store
    from trucewatch.publish.report import (
        Report,
        ReportFigure,
        ReportPaths,
        build_report,
        write_report,
    )

#: public name -> the module it lives in
_EXPORTS: dict[str, str] = {
    "Report": "trucewatch.publish.report",
    "ReportFigure": "trucewatch.publish.report",
    "ReportPaths": "trucewatch.publish.report",
    "build_report": "trucewatch.publish.report",
    "report_for": "trucewatch.publish._store",
    "report_for_store": "trucewatch.publish._store",
    "write_report": "trucewatch.publish.report",
    "write_report_for_store": "trucewatch.publish._store",
}

__all__ = [
    "Report",
    "ReportFigure",
    "ReportPaths",
    "build_report",
    "report_for",
    "report_for_store",
    "write_report",
    "write_report_for_store",
]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'trucewatch.publish' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
