"""The store's schema, written once: the SQL of each migration, in the order it is applied.

:mod:`trucewatch.store.migrations` applies them. Each entry is ``(version, description, SQL)``.
Never edit a migration that has shipped: append a new one.
"""

from __future__ import annotations

from trucewatch.store.schema_sql_12 import CONFIDENCE_AND_SETTINGS

__all__ = ["LATEST_VERSION", "MIGRATIONS"]

_EVENTS_AND_INGESTS = """
CREATE TABLE ingests (
    ingest_id   BIGINT PRIMARY KEY,
    file        VARCHAR NOT NULL,
    adapter     VARCHAR NOT NULL,
    sha256      VARCHAR NOT NULL,
    rows        BIGINT NOT NULL,
    stored      BIGINT NOT NULL,
    duplicates  BIGINT NOT NULL,
    bad         BIGINT NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL,
    UNIQUE (sha256, adapter)
);
CREATE TABLE events (
    event_id           VARCHAR PRIMARY KEY,
    source             VARCHAR NOT NULL,
    source_row_id      VARCHAR NOT NULL,
    adapter            VARCHAR NOT NULL,
    time_start         TIMESTAMPTZ NOT NULL,
    time_end           TIMESTAMPTZ NOT NULL,
    date_precision     VARCHAR NOT NULL,
    timezone           VARCHAR NOT NULL,
    lat                DOUBLE NOT NULL,
    lon                DOUBLE NOT NULL,
    radius_km          DOUBLE NOT NULL,
    location_precision VARCHAR NOT NULL,
    place              VARCHAR,
    country            VARCHAR,
    admin1             VARCHAR,
    admin2             VARCHAR,
    admin3             VARCHAR,
    side_a             VARCHAR,
    side_b             VARCHAR,
    perpetrator        VARCHAR,
    target             VARCHAR,
    associated_a       VARCHAR[] NOT NULL,
    associated_b       VARCHAR[] NOT NULL,
    event_type         VARCHAR NOT NULL,
    source_event_type  VARCHAR,
    fatalities_low     BIGINT,
    fatalities_best    BIGINT,
    fatalities_high    BIGINT,
    prov_file          VARCHAR,
    prov_line          BIGINT,
    article            VARCHAR,
    headline           VARCHAR,
    url                VARCHAR,
    notes              VARCHAR,
    publisher          VARCHAR,
    ingest_id          BIGINT NOT NULL,
    ingested_at        TIMESTAMPTZ NOT NULL
);
CREATE TABLE bad_rows (
    ingest_id BIGINT NOT NULL,
    file      VARCHAR NOT NULL,
    line      BIGINT NOT NULL,
    field     VARCHAR,
    value     VARCHAR,
    reason    VARCHAR NOT NULL
);
"""

_AGREEMENTS_AND_BOUNDARIES = """
CREATE TABLE agreements (
    agreement_id VARCHAR NOT NULL,
    version      INTEGER NOT NULL,
    name         VARCHAR NOT NULL,
    text         VARCHAR NOT NULL,
    origin       VARCHAR NOT NULL,
    sha256       VARCHAR NOT NULL,
    added_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (agreement_id, version)
);
CREATE TABLE boundary_units (
    layer   VARCHAR NOT NULL,
    code    VARCHAR NOT NULL,
    name    VARCHAR,
    level   INTEGER,
    names   VARCHAR,
    parent  VARCHAR,
    wkb     BLOB NOT NULL,
    min_lon DOUBLE NOT NULL,
    min_lat DOUBLE NOT NULL,
    max_lon DOUBLE NOT NULL,
    max_lat DOUBLE NOT NULL,
    PRIMARY KEY (layer, code)
);
"""

_VERDICTS = """
CREATE TABLE verdicts (
    event_id          VARCHAR NOT NULL,
    agreement_id      VARCHAR NOT NULL,
    window_id         VARCHAR NOT NULL,
    verdict           VARCHAR NOT NULL,
    space             VARCHAR NOT NULL,
    time              VARCHAR NOT NULL,
    parties           VARCHAR NOT NULL,
    reasons           VARCHAR[] NOT NULL,
    explanation       VARCHAR NOT NULL,
    distance_km       DOUBLE,
    share_inside      DOUBLE,
    contested_with    VARCHAR[] NOT NULL,
    rules_version     VARCHAR NOT NULL,
    computed_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (event_id, agreement_id, window_id)
);
CREATE TABLE verdict_windows (
    agreement_id      VARCHAR NOT NULL,
    window_id         VARCHAR NOT NULL,
    window_key        VARCHAR NOT NULL,
    rules_version     VARCHAR NOT NULL,
    judged_through    BIGINT NOT NULL,
    computed_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (agreement_id, window_id)
);
"""

_API_KEYS = """
CREATE TABLE api_keys (
    key_id      VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    role        VARCHAR NOT NULL,
    salt        BLOB NOT NULL,
    hash        BLOB NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ
);
"""

_AGREEMENT_DRAFTS = """
CREATE TABLE agreement_drafts (
    draft_id      VARCHAR PRIMARY KEY,
    source_file   VARCHAR NOT NULL,
    sentence      VARCHAR NOT NULL,
    statement     VARCHAR NOT NULL,
    yaml_text     VARCHAR NOT NULL,
    status        VARCHAR NOT NULL,
    agreement_id  VARCHAR,
    created_at    TIMESTAMPTZ NOT NULL,
    decided_at    TIMESTAMPTZ
);
"""

_ALERTS = """
CREATE TABLE subscriptions (
    subscription_id VARCHAR PRIMARY KEY,
    name            VARCHAR NOT NULL,
    channel         VARCHAR NOT NULL,
    target          VARCHAR NOT NULL,
    secret          VARCHAR,
    agreement_ids   VARCHAR[] NOT NULL,
    min_lon         DOUBLE,
    min_lat         DOUBLE,
    max_lon         DOUBLE,
    max_lat         DOUBLE,
    kinds           VARCHAR[] NOT NULL,
    min_fatalities  BIGINT NOT NULL,
    mode            VARCHAR NOT NULL,
    timezone        VARCHAR NOT NULL,
    since           TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    revoked_at      TIMESTAMPTZ
);
CREATE TABLE alert_outbox (
    delivery_id     VARCHAR PRIMARY KEY,
    subscription_id VARCHAR NOT NULL,
    event_id        VARCHAR NOT NULL,
    agreement_id    VARCHAR NOT NULL,
    window_id       VARCHAR NOT NULL,
    verdict         VARCHAR NOT NULL,
    payload         VARCHAR NOT NULL,
    digest_day      DATE,
    status          VARCHAR NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    last_error      VARCHAR,
    created_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ,
    UNIQUE (subscription_id, event_id, agreement_id)
);
"""

_SETTINGS = """
CREATE TABLE settings (
    name        VARCHAR PRIMARY KEY,
    value       VARCHAR NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL
);
"""

# The verdicts as codes (issue 14): one narrow row per (event, window), the window by number,
# enums as their codes (positions in model/verdict.py's StrEnums), the reasons as bits over the
# list below (in the order a verdict lists them), the explanation and parties rendered on read
# (trucewatch.verdicts.stored). ``verdicts`` becomes a view decoding the codes, with the columns
# and values the table had (bar parties and explanation) plus the side statuses. The old rows
# are converted, not re-judged.
_REASON_LIST = (
    "['inside_scope', 'outside_scope', 'straddles_scope_edge', 'scope_everywhere', "
    "'location_coarser_than_scope', 'mostly_outside_scope', 'coded_to_admin_unit', "
    "'before_window', 'after_window', 'during_window', 'straddles_window_start', "
    "'straddles_window_end', 'not_violent', 'side_a_party', 'side_a_not_yet_party', "
    "'side_a_accession_uncertain', 'side_a_excluded', 'side_a_excluded_by_later_name', "
    "'side_a_mixed', 'side_a_unknown', 'side_a_absent', 'side_b_party', 'side_b_not_yet_party', "
    "'side_b_accession_uncertain', 'side_b_excluded', 'side_b_excluded_by_later_name', "
    "'side_b_mixed', 'side_b_unknown', 'side_b_absent', 'direction_unknown', "
    "'no_party_identified', 'contested']"
)
_KINDS = (
    "['violation', 'possible_violation', 'not_covered', 'outside_scope', 'outside_window', "
    "'unlocated']"
)
_SPACES = "['inside', 'outside', 'uncertain']"
_TIMES = "['before', 'during', 'after', 'uncertain']"
_STATUSES = (
    "['party', 'not_yet_party', 'accession_uncertain', 'excluded', 'mixed', 'unknown', 'absent']"
)
_VERDICT_CODES = f"""
CREATE TABLE verdict_window_numbers (
    window_no    INTEGER PRIMARY KEY,
    agreement_id VARCHAR NOT NULL,
    window_id    VARCHAR NOT NULL,
    UNIQUE (agreement_id, window_id)
);
CREATE TABLE verdict_codes (
    event_id       VARCHAR NOT NULL,
    window_no      INTEGER NOT NULL,
    verdict        UTINYINT NOT NULL,
    space          UTINYINT NOT NULL,
    time           UTINYINT NOT NULL,
    side_a         UTINYINT NOT NULL,
    side_b         UTINYINT NOT NULL,
    reason_bits    UBIGINT NOT NULL,
    distance_km    DOUBLE,
    share_inside   DOUBLE,
    contested_with VARCHAR[],
    computed_at    TIMESTAMPTZ NOT NULL
);
INSERT INTO verdict_window_numbers
SELECT row_number() OVER (ORDER BY agreement_id, window_id), agreement_id, window_id
FROM (SELECT agreement_id, window_id FROM verdict_windows
      UNION SELECT agreement_id, window_id FROM verdicts);
INSERT INTO verdict_codes
SELECT v.event_id, n.window_no,
       list_position({_KINDS}, v.verdict) - 1,
       list_position({_SPACES}, v.space) - 1,
       list_position({_TIMES}, v.time) - 1,
       list_position({_STATUSES}, json_extract_string(v.parties, '$[0].status')) - 1,
       list_position({_STATUSES}, json_extract_string(v.parties, '$[1].status')) - 1,
       CAST(list_sum(list_transform(v.reasons, lambda r:
           (1::UBIGINT << (list_position({_REASON_LIST}, r) - 1)::INTEGER))) AS UBIGINT),
       v.distance_km, v.share_inside,
       CASE WHEN len(v.contested_with) > 0 THEN v.contested_with END,
       v.computed_at
FROM verdicts v JOIN verdict_window_numbers n USING (agreement_id, window_id);
DROP TABLE verdicts;
CREATE VIEW verdicts AS
SELECT c.event_id, n.agreement_id, n.window_id,
       {_KINDS}[c.verdict + 1] AS verdict,
       {_SPACES}[c.space + 1] AS space,
       {_TIMES}[c.time + 1] AS time,
       {_STATUSES}[c.side_a + 1] AS side_a_status,
       {_STATUSES}[c.side_b + 1] AS side_b_status,
       list_filter({_REASON_LIST}, lambda r, i: ((c.reason_bits >> (i - 1)) & 1) = 1)
           AS reasons,
       c.distance_km, c.share_inside,
       coalesce(c.contested_with, []::VARCHAR[]) AS contested_with,
       w.rules_version, c.computed_at, c.window_no, c.rowid AS row_no
FROM verdict_codes c
JOIN verdict_window_numbers n USING (window_no)
JOIN verdict_windows w ON w.agreement_id = n.agreement_id AND w.window_id = n.window_id;
"""

# events rebuilt without the primary key on event_id: its index cost about a third of an
# ingest (kept up at every insert and written whole at the commit); the ingest keeps the ids
# unique (store/ingest_columns.insert_events), docs/store.md "Speed" has the figures
_EVENTS_DDL = _EVENTS_AND_INGESTS[_EVENTS_AND_INGESTS.index("CREATE TABLE events (") :]
_EVENTS_DDL = _EVENTS_DDL[: _EVENTS_DDL.index(");") + 2]
_EVENTS_WITHOUT_KEY = f"""
{
    _EVENTS_DDL.replace("CREATE TABLE events (", "CREATE TABLE events_rebuilt (").replace(
        "event_id           VARCHAR PRIMARY KEY", "event_id           VARCHAR NOT NULL"
    )
}
INSERT INTO events_rebuilt SELECT * FROM events;
DROP TABLE events;
ALTER TABLE events_rebuilt RENAME TO events;
"""

# Live feeds (issue 16): what each feed is and where it stopped (its cursor, saved only after the
# data it covers is committed), the events a source edited or deleted (their earlier rows), and
# the log of those changes. ``event_history`` has the columns of ``events`` and three more.
_HISTORY_DDL = _EVENTS_DDL.replace("CREATE TABLE events (", "CREATE TABLE event_history (")
_HISTORY_DDL = _HISTORY_DDL.replace(
    "event_id           VARCHAR PRIMARY KEY", "event_id           VARCHAR NOT NULL"
).replace(
    "    ingested_at        TIMESTAMPTZ NOT NULL\n);",
    "    ingested_at        TIMESTAMPTZ NOT NULL,\n"
    "    change             VARCHAR NOT NULL,\n"
    "    changed_at         TIMESTAMPTZ NOT NULL,\n"
    "    change_ingest_id   BIGINT\n);",
)
_FEEDS_AND_CHANGES = f"""
CREATE TABLE feed_state (
    name            VARCHAR PRIMARY KEY,
    kind            VARCHAR NOT NULL,
    version         VARCHAR NOT NULL,
    options         VARCHAR NOT NULL,
    every_s         BIGINT NOT NULL,
    enabled         BOOLEAN NOT NULL,
    cursor          VARCHAR,
    state           VARCHAR NOT NULL,
    detail          VARCHAR,
    failures        INTEGER NOT NULL,
    last_attempt_at TIMESTAMPTZ,
    last_success_at TIMESTAMPTZ,
    last_change_at  TIMESTAMPTZ,
    next_due_at     TIMESTAMPTZ,
    events_added    BIGINT NOT NULL,
    events_deleted  BIGINT NOT NULL,
    added_at        TIMESTAMPTZ NOT NULL
);
{_HISTORY_DDL}
CREATE TABLE event_changes (
    change_id  BIGINT NOT NULL,
    event_id   VARCHAR NOT NULL,
    change     VARCHAR NOT NULL,
    origin     VARCHAR NOT NULL,
    ingest_id  BIGINT,
    changed_at TIMESTAMPTZ NOT NULL,
    detail     VARCHAR
);
"""

# what is new to an alert subscription (store/alert_queue.py): a window judged from nothing
# (new, or stored again after its agreement was removed) since when, and the verdicts whose kind
# changed when their window was judged again (only of kinds some subscription gets)
_VERDICT_NEWS = """
ALTER TABLE verdict_window_numbers ADD COLUMN first_judged_at TIMESTAMPTZ;
CREATE TABLE verdict_kind_changes (
    event_id   VARCHAR NOT NULL,
    window_no  INTEGER NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL
);
"""

#: Every migration, in the order it is applied. Append only.
MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "events, ingests and bad rows", _EVENTS_AND_INGESTS),
    (2, "agreement texts and boundary units", _AGREEMENTS_AND_BOUNDARIES),
    (3, "verdicts and the windows they were computed for", _VERDICTS),
    (4, "API keys (salted hashes, roles, revocation)", _API_KEYS),
    (5, "agreement drafts read from news statements", _AGREEMENT_DRAFTS),
    (6, "alert subscriptions and the outbox of their deliveries", _ALERTS),
    (7, "settings of the store (the verdicts' location threshold)", _SETTINGS),
    (8, "verdicts stored as codes, read through the view verdicts", _VERDICT_CODES),
    (
        9,
        "events without the primary-key index (ids kept unique by the ingest)",
        _EVENTS_WITHOUT_KEY,
    ),
    (10, "live feeds, events edited or deleted at the source and their log", _FEEDS_AND_CHANGES),
    (
        11,
        "what is new to alert subscriptions: new windows, verdicts that changed kind",
        _VERDICT_NEWS,
    ),
    (
        12,
        "news events' confidence and guessed parts (and a subscription's least one); the "
        "settings each ingest was read with",
        CONFIDENCE_AND_SETTINGS,
    ),
]

#: The schema version this code writes and understands.
LATEST_VERSION = MIGRATIONS[-1][0]
