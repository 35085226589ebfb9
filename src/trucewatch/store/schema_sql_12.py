"""The SQL of migration 12 (issue 17), applied as :mod:`trucewatch.store.schema_sql` lists it.

An event read from text keeps its extraction confidence and the parts guessed (NULL and [] for
coded dataset rows), in ``events`` and ``event_history`` alike; a subscription may ask for a
least confidence; an ingest keeps the settings of the adapter that read it (canonical JSON and
its SHA-256): the same bytes read again with other settings replace the first reading
(docs/store.md "Readings"). ``ingests`` is rebuilt without UNIQUE (sha256, adapter): one file
may have several readings, the latest of which is the one the store holds. Ingests made before
this migration have the settings '' (unknown): ingested again, their file is read anew.
"""

from __future__ import annotations

__all__ = ["CONFIDENCE_AND_SETTINGS"]

CONFIDENCE_AND_SETTINGS = """
ALTER TABLE events ADD COLUMN confidence DOUBLE;
ALTER TABLE events ADD COLUMN guessed VARCHAR[] DEFAULT [];
ALTER TABLE event_history ADD COLUMN confidence DOUBLE;
ALTER TABLE event_history ADD COLUMN guessed VARCHAR[] DEFAULT [];
ALTER TABLE subscriptions ADD COLUMN min_confidence DOUBLE;
CREATE TABLE ingests_rebuilt (
    ingest_id     BIGINT PRIMARY KEY,
    file          VARCHAR NOT NULL,
    adapter       VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    rows          BIGINT NOT NULL,
    stored        BIGINT NOT NULL,
    duplicates    BIGINT NOT NULL,
    bad           BIGINT NOT NULL,
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ NOT NULL,
    settings      VARCHAR NOT NULL DEFAULT '',
    settings_hash VARCHAR NOT NULL DEFAULT ''
);
INSERT INTO ingests_rebuilt
SELECT ingest_id, file, adapter, sha256, rows, stored, duplicates, bad, started_at, finished_at,
       '', ''
FROM ingests;
DROP TABLE ingests;
ALTER TABLE ingests_rebuilt RENAME TO ingests;
"""
