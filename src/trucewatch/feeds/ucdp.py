"""UCDP GED and GED Candidate through the UCDP API, ``ucdp_api.v1`` (docs/feeds.md, "UCDP").

``GET <base_url>/gedevents/<release>?pagesize=1000&page=N`` (pages count from 0; filters
``Country`` — Gleditsch–Ward codes, 652 is Syria — and ``StartDate``), the token in the
``x-ucdp-access-token`` header. An answer is ``{"TotalCount", "TotalPages",
"PreviousPageUrl", "NextPageUrl", "Result": [event, ...]}``; an event's fields are the
columns of the GED CSV, so each page is written as a GED CSV file the ``ucdp-ged`` adapter
reads (``ucdp_ged:<id>``). The cursor holds, per release, the next page and whether the
release is done, so a restart resumes at the page after the last one stored.

Releases: those named in ``versions`` (e.g. the yearly ``25.1``) are read whole once; with
``candidate`` (the first monthly Candidate release to follow, e.g. ``25.0.10``) every later
monthly release up to the current month is read too, as it appears. A Candidate release of
the current or the previous month that UCDP has not published yet answers 404: that is
normal (the state stays "ok", the note says so) and it is asked again at the next pull.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from trucewatch.errors import FeedError, SourceError
from trucewatch.feeds._options import count_option, day_option, text_option, url_option
from trucewatch.feeds._spool import columns_of, write_csv
from trucewatch.feeds.base import Pull, register_feed
from trucewatch.feeds.credentials import Credentials, from_environment
from trucewatch.feeds.http import FeedClient, Reply

__all__ = ["GED_COLUMNS", "UCDP_API", "UcdpFeed", "candidate_release", "next_candidate"]

UCDP_API = "https://ucdpapi.pcr.uu.se/api"
PAGE_SIZE = 1000  # the most the API gives per page

#: the GED CSV's columns in its order (GED 23.1 onwards; the API's field names are the same)
GED_COLUMNS = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence",
    "conflict_dset_id", "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id",
    "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a", "side_b_dset_id",
    "side_b_new_id", "side_b", "number_of_sources", "source_article", "source_office",
    "source_date", "source_headline", "source_original", "where_prec", "where_coordinates",
    "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
    "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec",
    "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown",
    "best", "high", "low", "gwnoa", "gwnob",
)  # fmt: skip

HINTS = {
    "token missing": "UCDP's API needs a token: ask for one (https://ucdp.uu.se/apidocs) "
    "and set TRUCEWATCH_UCDP_TOKEN",
    "token expired": "check TRUCEWATCH_UCDP_TOKEN (or [ucdp] token in the config file), "
    "or ask UCDP for a new token",
    "forbidden": "this token does not give access to this release: ask UCDP",
    "rate limited": "UCDP allows a fixed number of requests a day per token; the feed "
    "waits and resumes at the page it stopped at",
    "bad data": "if it lasts, tell UCDP",
}

_RELEASE = re.compile(r"^\d{1,2}\.\d{1,2}(\.\d{1,2})?$")
_CANDIDATE = re.compile(r"^(\d{2})\.0\.(\d{1,2})$")
_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]00:00(:00(\.0+)?)?Z?$")


def candidate_release(day: date) -> str:
    """The monthly UCDP Candidate release of the month of ``day`` (``25.0.10`` for
    October 2025)."""
    return f"{day.year % 100:02d}.0.{day.month}"


def next_candidate(release: str) -> str:
    """The monthly Candidate release after ``release`` (``25.0.12`` -> ``26.0.1``)."""
    match = _CANDIDATE.match(release)
    if match is None:
        raise SourceError(f"{release!r} is not a monthly UCDP Candidate release (YY.0.M)")
    year, month = int(match[1]), int(match[2])
    return f"{year + 1:02d}.0.1" if month == 12 else f"{year:02d}.0.{month + 1}"


def _candidate_month(release: str) -> tuple[int, int]:
    match = _CANDIDATE.match(release)
    assert match is not None
    return 2000 + int(match[1]), int(match[2])


def _cell(column: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    text = str(value)
    if column in ("date_start", "date_end"):
        match = _MIDNIGHT.match(text)
        return match[1] if match else text
    return text


@register_feed("ucdp")
class UcdpFeed:
    """UCDP GED / GED Candidate releases through the UCDP API (see the module docstring).

    Options: ``versions`` (releases read whole, comma-separated: ``"25.1"``), ``candidate``
    (the first monthly Candidate release to follow: ``"25.0.10"``), ``country`` (Gleditsch–
    Ward codes, comma-separated: ``"652"``), ``start_date`` (``YYYY-MM-DD``), ``base_url``,
    ``max_pages`` (pages read per pull; more remain: ``Pull.more``), ``name``.
    """

    kind = "ucdp"
    version = "ucdp_api.v1"
    every = timedelta(hours=24)

    def __init__(
        self,
        versions: str = "",
        candidate: str = "",
        country: str = "",
        start_date: str = "",
        base_url: str = UCDP_API,
        max_pages: int = 20,
        name: str = "ucdp",
    ) -> None:
        versions = text_option("ucdp", "versions", versions)
        candidate = text_option("ucdp", "candidate", candidate)
        country = text_option("ucdp", "country", country)
        start_date = day_option("ucdp", "start_date", start_date)
        base_url = url_option("ucdp", "base_url", base_url)
        name = text_option("ucdp", "name", name)
        max_pages = count_option("ucdp", "max_pages", max_pages)
        self.versions = tuple(v.strip() for v in versions.split(",") if v.strip())
        for release in self.versions:
            if not _RELEASE.match(release):
                raise SourceError(
                    f"ucdp feed: version {release!r} is not a UCDP release (e.g. 25.1, or "
                    "25.0.10 for a monthly Candidate release)"
                )
        if candidate and not _CANDIDATE.match(candidate):
            raise SourceError(
                f"ucdp feed: candidate {candidate!r} is not a monthly Candidate release "
                "(YY.0.M, e.g. 25.0.10)"
            )
        if not self.versions and not candidate:
            raise SourceError(
                "ucdp feed: name a release: versions='25.1' (read whole) and/or "
                "candidate='25.0.10' (the monthly releases from then on)"
            )
        codes = [c.strip() for c in country.split(",") if c.strip()]
        if any(not c.isdigit() for c in codes):
            raise SourceError(
                f"ucdp feed: country {country!r} must be Gleditsch–Ward codes, "
                "comma-separated (652 is Syria)"
            )
        self.candidate = candidate
        self.country = ",".join(codes)
        self.start_date = start_date
        self.base_url = base_url
        self.max_pages = max_pages
        self.name = name
        # not options: set by the runner or a test
        self.credentials: Credentials | None = None
        self.sleep: Callable[[float], None] = time.sleep
        self.today: Callable[[], date] = lambda: datetime.now(UTC).date()

    def releases(self) -> list[str]:
        """The releases to read now: ``versions``, then the Candidate ones up to this month."""
        out = list(self.versions)
        if self.candidate:
            last = candidate_release(self.today())
            release = self.candidate
            while _candidate_month(release) <= _candidate_month(last):
                if release not in out:
                    out.append(release)
                release = next_candidate(release)
        return out

    def _filters(self) -> dict[str, str]:
        filters = {}
        if self.country:
            filters["Country"] = self.country
        if self.start_date:
            filters["StartDate"] = self.start_date
        return filters

    def pull(self, cursor: Mapping[str, Any] | None, spool: Path) -> Pull:
        """The next pages (at most ``max_pages``) of the releases not read whole yet."""
        filters = self._filters()
        state: dict[str, dict[str, Any]] = {}
        if cursor and cursor.get("filters") == filters:
            state = {k: dict(v) for k, v in dict(cursor.get("releases", {})).items()}
        credentials = self.credentials or from_environment(feed=self.name)
        token = credentials.require("ucdp_token", feed=self.name, label="UCDP")
        files: list[Path] = []
        notes: list[str] = []
        events = pages = 0
        recent = {candidate_release(self.today()), candidate_release(self._month_before())}
        with FeedClient(self.name, label="UCDP", hints=HINTS, sleep=self.sleep) as client:
            for release in self.releases():
                at = state.setdefault(release, {"page": 0})
                if at.get("done") or at.get("missing"):
                    continue
                while not at.get("done") and pages < self.max_pages:
                    reply = client.get(
                        f"{self.base_url}/gedevents/{release}",
                        headers={"x-ucdp-access-token": token},
                        params={"pagesize": PAGE_SIZE, "page": at["page"], **filters},
                        allow=(404,),
                    )
                    if reply.status == 404:
                        notes.append(self._absent(release, recent, at))
                        break
                    rows, total, last = self._page(reply, release, at["page"])
                    pages += 1
                    events += len(rows)
                    if rows:
                        name = f"{self.name}-{release}-p{at['page']:05d}.csv"
                        columns = columns_of(rows, GED_COLUMNS)
                        files.append(write_csv(Path(spool) / name, rows, columns, _cell))
                    at.update(page=at["page"] + 1, pages=total, done=last)
                if pages >= self.max_pages:
                    break
        releases = self.releases()
        more = pages >= self.max_pages and any(
            not state.get(r, {}).get("done") and not state.get(r, {}).get("missing")
            for r in releases
        )
        notes.insert(0, f"{pages} page(s), {events:,} event(s)")
        return Pull(
            feed=self.name,
            adapter="ucdp-ged",
            files=tuple(files),
            cursor={"filters": filters, "releases": state},
            more=more,
            note="; ".join(notes),
        )

    def _month_before(self) -> date:
        return self.today().replace(day=1) - timedelta(days=1)

    def _absent(self, release: str, recent: set[str], at: dict[str, Any]) -> str:
        if release in self.versions and not _CANDIDATE.match(release):
            raise FeedError(
                f"UCDP: unavailable: there is no release {release!r} (HTTP 404 from "
                f"{self.base_url}/gedevents/{release}): check the feed's versions against "
                "https://ucdp.uu.se/apidocs",
                feed=self.name,
                state="unavailable",
            )
        if release in recent:
            return f"Candidate release {release} not published yet (404), asked again next pull"
        at["missing"] = True
        return f"Candidate release {release} does not exist (404), skipped"

    def _page(
        self, reply: Reply, release: str, page: int
    ) -> tuple[list[dict[str, Any]], int, bool]:
        body = reply.json()
        where = f"UCDP: bad data: page {page} of release {release} ({reply.url})"
        if not isinstance(body, dict) or not isinstance(body.get("Result"), list):
            raise FeedError(
                f"{where}: expected an object with a 'Result' list; if it lasts, tell UCDP",
                feed=self.name,
                state="bad data",
            )
        rows = body["Result"]
        if any(not isinstance(row, dict) for row in rows):
            raise FeedError(
                f"{where}: a result is not a JSON object", feed=self.name, state="bad data"
            )
        total = body.get("TotalPages")
        if not isinstance(total, int) or total < 0 or len(rows) > PAGE_SIZE:
            raise FeedError(
                f"{where}: TotalPages {total!r} with {len(rows)} results is not a page of "
                f"at most {PAGE_SIZE}",
                feed=self.name,
                state="bad data",
            )
        last = page + 1 >= total or not body.get("NextPageUrl")
        return rows, total, last
