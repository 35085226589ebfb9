"""Publishing: the monitoring report of an agreement as self-contained HTML and PDF."""

from trucewatch.publish._store import report_for_store, write_report_for_store
from trucewatch.publish.report import (
    Report,
    ReportFigure,
    ReportPaths,
    build_report,
    write_report,
)

__all__ = [
    "Report",
    "ReportFigure",
    "ReportPaths",
    "build_report",
    "report_for_store",
    "write_report",
    "write_report_for_store",
]
