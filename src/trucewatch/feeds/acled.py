"""ACLED through its API (OAuth, 2025), ``acled_api.v1`` (docs/feeds.md, "ACLED").

Access: an OAuth password grant at ``<base_url>/oauth/token`` (``username``, ``password``,
``grant_type=password``, ``client_id=acled``) gives an access token (about 24 h) and a
refresh token; when the access token expires it is renewed with the ``refresh_token`` grant,
and only if that is refused is the password sent again. Tokens are cached by
:class:`~trucewatch.feeds.credentials.TokenCache` (0600), never logged.

One round: first the deletions since the last seen (``<base_url>/api/deleted/read``: each
``event_id_cnty`` with its ``deleted_timestamp``), then the events whose ``timestamp`` (the
time ACLED added or last edited them) is at or after the last seen
(``<base_url>/api/acled/read``, pages of 5,000: ``limit``, ``page``), written as an ACLED
CSV file per page that the ``acled`` adapter reads; an edited event comes again with a later
timestamp and replaces the stored one. Deletions are ids as the adapter makes them
(``acled:<event_id_cnty>``). The events of the last second seen are asked again (ACLED
stamps a batch with one time): they come back as duplicates, which add nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from trucewatch.errors import FeedError
from trucewatch.feeds._options import count_option, day_option, text_option, url_option
from trucewatch.feeds._spool import columns_of, write_csv
from trucewatch.feeds.base import Pull, register_feed
from trucewatch.feeds.credentials import Credentials, Secret, TokenCache, from_environment
from trucewatch.feeds.http import FeedClient, Reply

__all__ = ["ACLED_API", "ACLED_COLUMNS", "AcledFeed"]

ACLED_API = "https://acleddata.com"
PAGE_SIZE = 5000
#: refresh the access token this long before ACLED says it expires
EARLY = 300.0
DAY = 86_400

#: the columns of ACLED's current export, in its order
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

HINTS = {
    "token missing": "set TRUCEWATCH_ACLED_USERNAME and TRUCEWATCH_ACLED_PASSWORD "
    "(or [acled] username/password in the config file)",
    "token expired": "set TRUCEWATCH_ACLED_PASSWORD again (or [acled] password in the "
    "config file) if it changed",
    "forbidden": "the account's ACLED access level does not include this data: see "
    "https://acleddata.com (account, access level)",
    "rate limited": "the feed waits and resumes where it stopped",
    "bad data": "if it lasts, tell ACLED",
}


def _cell(column: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _timestamp(value: object, what: str, feed: str) -> int:
    try:
        return int(float(str(value)))
    except (TypeError, ValueError):
        raise FeedError(
            f"ACLED: bad data: {what} {value!r} is not a Unix time; if it lasts, tell ACLED",
            feed=feed,
            state="bad data",
        ) from None


@register_feed("acled")
class AcledFeed:
    """ACLED events, edits and deletions through the API (see the module docstring).

    Options: ``country`` (ACLED's country name, ``"Syria"``), ``start_date`` (``YYYY-MM-DD``:
    the first pull asks for events from that day on), ``base_url``, ``max_pages`` (pages of
    5,000 read per pull; more remain: ``Pull.more``), ``name``.
    """

    kind = "acled"
    version = "acled_api.v1"
    every = timedelta(hours=12)

    def __init__(
        self,
        country: str = "",
        start_date: str = "",
        base_url: str = ACLED_API,
        max_pages: int = 20,
        name: str = "acled",
    ) -> None:
        country = text_option("acled", "country", country)
        start_date = day_option("acled", "start_date", start_date)
        base_url = url_option("acled", "base_url", base_url)
        name = text_option("acled", "name", name)
        max_pages = count_option("acled", "max_pages", max_pages)
        self.country = country.strip()
        self.start_date = start_date
        self.base_url = base_url
        self.max_pages = max_pages
        self.name = name
        # not options: set by the runner or a test
        self.credentials: Credentials | None = None
        self.sleep: Callable[[float], None] = time.sleep
        self.clock: Callable[[], float] = time.time
        self._tokens: dict[str, Any] | None = None  # when no cache folder is named

    # -- the pull -------------------------------------------------------------------------

    def pull(self, cursor: Mapping[str, Any] | None, spool: Path) -> Pull:
        """Deletions since the last seen, then the next pages of events (see the module)."""
        filters = {"country": self.country, "start_date": self.start_date}
        state = dict(cursor) if cursor and cursor.get("filters") == filters else {}
        credentials = self.credentials or from_environment(feed=self.name)
        started = int(self.clock())
        with FeedClient(self.name, label="ACLED", hints=HINTS, sleep=self.sleep) as client:
            session = _Session(self, client, credentials)
            page = int(state.get("page", 1))
            since = state.get("since")  # events at or after this timestamp
            deleted: dict[str, int] = {}
            deleted_since = state.get("deleted_since")
            if page == 1 and deleted_since is not None:
                deleted = self._deletions(session, int(deleted_since))
            files: list[Path] = []
            newest = int(state.get("newest", since or 0))
            events = pages = 0
            seen: dict[str, int] = {}
            last_page = False
            while pages < self.max_pages:
                rows = self._events(session, since, page)
                pages += 1
                events += len(rows)
                for row in rows:
                    stamp = _timestamp(row.get("timestamp"), "timestamp", self.name)
                    newest = max(newest, stamp)
                    seen[str(row.get("event_id_cnty"))] = stamp
                if rows:
                    name = f"{self.name}-{since or 'start'}-p{page:05d}.csv"
                    columns = columns_of(rows, ACLED_COLUMNS)
                    files.append(write_csv(Path(spool) / name, rows, columns, _cell))
                if len(rows) < PAGE_SIZE:
                    last_page = True
                    break
                page += 1
        # an event deleted and then added again in this round is not deleted; one given at
        # the last deletion time seen is not given again (that time is asked again)
        given = set(state.get("deleted_ids", ())) if deleted_since is not None else set()
        deletions = tuple(
            f"acled:{event_id}"
            for event_id, when in sorted(deleted.items())
            if seen.get(event_id, -1) < when and not (when == deleted_since and event_id in given)
        )
        next_cursor: dict[str, Any] = {"filters": filters, "since": since, "page": page}
        if last_page:
            next_cursor.update(since=newest or since, page=1)
        else:
            next_cursor["newest"] = newest
        if deleted_since is None and last_page:
            # the first round asks for deletions from a day before what it saw (clocks
            # differ; deleting what is not stored does nothing)
            deleted_since = min(newest or started, started) - DAY
        if deleted:
            deleted_since = max(deleted.values())
            given = {i for i, when in deleted.items() if when == deleted_since}
        next_cursor["deleted_since"] = deleted_since
        next_cursor["deleted_ids"] = sorted(given)
        return Pull(
            feed=self.name,
            adapter="acled",
            files=tuple(files),
            deletions=deletions,
            cursor=next_cursor,
            more=not last_page,
            note=f"{pages} page(s), {events:,} event(s), {len(deletions)} deletion(s)",
        )

    def _events(self, session: _Session, since: int | None, page: int) -> list[dict[str, Any]]:
        params: dict[str, str | int] = {"_format": "json", "limit": PAGE_SIZE, "page": page}
        if self.country:
            params["country"] = self.country
        if since is not None:
            params.update(timestamp=since, timestamp_where=">=")
        elif self.start_date:
            params.update(event_date=self.start_date, event_date_where=">=")
        body = session.get_json(f"{self.base_url}/api/acled/read", params)
        return self._data(body, f"events page {page}")

    def _deletions(self, session: _Session, since: int) -> dict[str, int]:
        deleted: dict[str, int] = {}
        page = 1
        while True:
            params: dict[str, str | int] = {
                "_format": "json",
                "timestamp": since,
                "limit": PAGE_SIZE,
                "page": page,
            }
            body = session.get_json(f"{self.base_url}/api/deleted/read", params)
            rows = self._data(body, f"deletions page {page}")
            for row in rows:
                event_id = str(row.get("event_id_cnty") or "").strip()
                if not event_id or any(c.isspace() for c in event_id):
                    raise FeedError(
                        f"ACLED: bad data: deletions page {page}: event_id_cnty "
                        f"{row.get('event_id_cnty')!r} is not an event id",
                        feed=self.name,
                        state="bad data",
                    )
                when = _timestamp(row.get("deleted_timestamp"), "deleted_timestamp", self.name)
                deleted[event_id] = max(when, deleted.get(event_id, when))
            if len(rows) < PAGE_SIZE:
                return deleted
            page += 1

    def _data(self, body: Any, what: str) -> list[dict[str, Any]]:
        if isinstance(body, dict) and body.get("success") is False:
            said = str(body.get("error") or body.get("messages") or "no reason given")
            raise FeedError(
                f"ACLED: unavailable: {what}: ACLED answered success=false ({said[:200]}); "
                "check the feed's options (country as ACLED spells it)",
                feed=self.name,
                state="unavailable",
            )
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, list) or any(not isinstance(row, dict) for row in data):
            raise FeedError(
                f"ACLED: bad data: {what}: expected an object with a 'data' list of events",
                feed=self.name,
                state="bad data",
            )
        if len(data) > PAGE_SIZE:
            raise FeedError(
                f"ACLED: bad data: {what}: {len(data):,} rows for a page of {PAGE_SIZE:,}",
                feed=self.name,
                state="bad data",
            )
        return data


class _Session:
    """The access token of one pull: cached, refreshed, or granted for the password."""

    def __init__(self, feed: AcledFeed, client: FeedClient, credentials: Credentials) -> None:
        self.feed = feed
        self.client = client
        self.credentials = credentials
        self.cache: TokenCache | None = credentials.token_cache()
        self.username = credentials.require("acled_username", feed=feed.name, label="ACLED")
        self.tokens: dict[str, Any] | None = None

    def get_json(self, url: str, params: Mapping[str, str | int]) -> Any:
        token = self._access()
        try:
            reply = self._get(url, params, token)
        except FeedError as exc:
            if exc.state != "token expired":
                raise
            # refused before ACLED said it would expire: renew once and ask again
            reply = self._get(url, params, self._renew())
        return reply.json()

    def _get(self, url: str, params: Mapping[str, str | int], token: Secret) -> Reply:
        bearer = Secret(f"Bearer {token.reveal()}")
        return self.client.get(url, headers={"Authorization": bearer}, params=params)

    def _load(self) -> dict[str, Any] | None:
        if self.tokens is None:
            self.tokens = self.cache.load(self.username) if self.cache else self.feed._tokens
        return self.tokens

    def _access(self) -> Secret:
        tokens = self._load()
        if tokens is not None and tokens["expires_at"] - EARLY > self.feed.clock():
            token: Secret = tokens["access_token"]
            return token
        return self._renew()

    def _renew(self) -> Secret:
        tokens = self._load()
        refresh = tokens.get("refresh_token") if tokens else None
        if refresh is not None:
            granted = self._grant({"grant_type": "refresh_token", "refresh_token": refresh})
            if granted is not None:
                return granted
        password = self.credentials.get("acled_password")
        if not password:
            state = "token expired" if tokens else "token missing"
            raise FeedError(
                f"ACLED: {state}: the access token expired, the refresh token was refused "
                "and no password is set: set TRUCEWATCH_ACLED_PASSWORD (or [acled] password "
                "in the config file)",
                feed=self.feed.name,
                state=state,
            )
        granted = self._grant(
            {"grant_type": "password", "username": self.username, "password": password}
        )
        if granted is None:
            raise FeedError(
                "ACLED: token expired: ACLED refused the user name and password (HTTP 400/401 "
                f"from {self.feed.base_url}/oauth/token): set TRUCEWATCH_ACLED_USERNAME and "
                "TRUCEWATCH_ACLED_PASSWORD again (or [acled] in the config file)",
                feed=self.feed.name,
                state="token expired",
            )
        return granted

    def _grant(self, form: dict[str, str | Secret]) -> Secret | None:
        client_id = self.credentials.get("acled_client_id") or "acled"
        form["client_id"] = client_id
        reply = self.client.post_form(f"{self.feed.base_url}/oauth/token", form, allow=(400, 401))
        if reply.status in (400, 401):
            return None
        body = reply.json()
        access = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(access, str) or not access:
            raise FeedError(
                "ACLED: bad data: the token answer has no access_token; if it lasts, tell ACLED",
                feed=self.feed.name,
                state="bad data",
            )
        refresh = body.get("refresh_token")
        lifetime = body.get("expires_in")
        lifetime = float(lifetime) if isinstance(lifetime, (int, float)) else 86400.0
        token = Secret(access)
        renewal = Secret(refresh) if isinstance(refresh, str) and refresh else None
        expires_at = self.feed.clock() + lifetime
        tokens = {"access_token": token, "refresh_token": renewal, "expires_at": expires_at}
        self.tokens = tokens
        self.feed._tokens = tokens
        if self.cache is not None:
            self.cache.save(self.username, token, renewal, expires_at)
        return token
