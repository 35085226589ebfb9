"""The embedded store: one DuckDB file with a versioned schema, idempotent transactional
ingest, queries and exports.

    >>> from trucewatch.store import Store, EventQuery
    >>> with Store.open("events.duckdb") as store:          # doctest: +SKIP
    ...     store.ingest(adapter_for("ucdp-ged"), Path("ged_syria_2016.csv"))
    ...     store.count_events(EventQuery(event_types=("remote",)))
"""

from trucewatch.store.connect import default_db_path
from trucewatch.store.ingest import IngestReport
from trucewatch.store.query import EventQuery
from trucewatch.store.store import Store, StoreStats

__all__ = ["EventQuery", "IngestReport", "Store", "StoreStats", "default_db_path"]
