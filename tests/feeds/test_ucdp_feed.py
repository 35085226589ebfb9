"""The UCDP API feed against a fake UCDP API on 127.0.0.1: pages, resume, Candidate releases
not out yet, faults, and files the ``ucdp-ged`` adapter reads with no bad row."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from fake_apis import UCDP_TOKEN, FakeUcdp, ged_record

from live_server import running
from trucewatch.errors import FeedError, SourceError
from trucewatch.feeds.base import feed_for, feed_options
from trucewatch.feeds.credentials import Credentials
from trucewatch.feeds.ucdp import UcdpFeed, candidate_release, next_candidate
from trucewatch.jobs import ingest_file
from trucewatch.sources.base import adapter_for
from trucewatch.store import Store

TODAY = datetime.now(UTC).date()
THIS_MONTH = candidate_release(TODAY)
LAST_MONTH = candidate_release(TODAY.replace(day=1) - timedelta(days=1))
TWO_AGO = candidate_release(
    (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1) - timedelta(days=1)
)


def ged_rows(first: int, count: int, day: str = "2016-02-20") -> list[dict]:
    return [ged_record(first + i, f"36.{i % 90:02d}", day) for i in range(count)]


@pytest.fixture
def fake() -> Iterator[tuple[str, FakeUcdp]]:
    api = FakeUcdp(
        {
            "25.1": ged_rows(100_000, 2_100),
            TWO_AGO: ged_rows(200_000, 3, "2016-03-01"),
        }
    )
    with running(api.app) as url:
        yield url, api


def make_feed(url: str, token: str | None = UCDP_TOKEN, **options: object) -> UcdpFeed:
    options.setdefault("versions", "25.1")
    feed = feed_for("ucdp", base_url=f"{url}/api", **options)
    assert isinstance(feed, UcdpFeed)
    feed.credentials = Credentials.load({"TRUCEWATCH_UCDP_TOKEN": token} if token else {})
    feed.sleep = lambda seconds: None
    return feed


def test_ucdp_feed_reads_every_page_and_the_adapter_reads_them_with_no_bad_row(fake, tmp_path):
    url, api = fake
    feed = make_feed(url, country="652", start_date="2016-01-01")
    pull = feed.pull(None, tmp_path / "spool")
    assert pull.adapter == "ucdp-ged" and pull.feed == "ucdp" and not pull.more
    assert [f.name for f in pull.files] == [
        "ucdp-25.1-p00000.csv",
        "ucdp-25.1-p00001.csv",
        "ucdp-25.1-p00002.csv",
    ]
    assert [r["page"] for r in api.requests] == ["0", "1", "2"]
    assert {r["pagesize"] for r in api.requests} == {"1000"}
    assert {(r["Country"], r["StartDate"]) for r in api.requests} == {("652", "2016-01-01")}
    assert pull.cursor["releases"]["25.1"] == {"page": 3, "pages": 3, "done": True}
    assert "3 page(s), 2,100 event(s)" in pull.note
    with Store.open(tmp_path / "s.duckdb") as store:
        reports = [ingest_file(store, pull.adapter, f, options=pull.options) for f in pull.files]
        assert [r.bad for r in reports] == [0, 0, 0]
        assert sum(r.stored for r in reports) == 2_100
        event = store.event("ucdp_ged:100005")
        assert event.when.start.date() <= date(2016, 2, 20) <= event.when.end.date()
        assert event.where.lat == pytest.approx(36.05)
        assert event.actors.side_b == "Syrian insurgents"


def test_ucdp_feed_files_read_the_same_by_records_and_by_columns(fake, tmp_path):
    url, _ = fake
    pull = make_feed(url, max_pages=1).pull(None, tmp_path)
    adapter = adapter_for("ucdp-ged")
    records = list(adapter.read(pull.files[0]))
    assert len(records) == 1000
    assert all(not hasattr(r, "reason") for r in records)  # no RowError
    batch = adapter.read_columns(pull.files[0])
    assert batch is not None and not batch.errors


def test_ucdp_feed_resumes_at_the_page_after_the_cursor(fake, tmp_path):
    url, api = fake
    feed = make_feed(url, max_pages=1)
    first = feed.pull(None, tmp_path)
    assert first.more and first.cursor["releases"]["25.1"] == {"page": 1, "pages": 3, "done": False}
    # a restart: a new feed object, only the cursor as the store keeps it (JSON)
    saved = json.loads(json.dumps(first.cursor))
    second = make_feed(url, max_pages=1).pull(saved, tmp_path)
    assert [f.name for f in second.files] == ["ucdp-25.1-p00001.csv"]
    third = make_feed(url, max_pages=1).pull(second.cursor, tmp_path)
    assert not third.more and third.cursor["releases"]["25.1"]["done"]
    done = make_feed(url, max_pages=1).pull(third.cursor, tmp_path)
    assert done.files == () and not done.more
    assert [r["page"] for r in api.requests] == ["0", "1", "2"]  # nothing asked again


def test_ucdp_feed_with_other_filters_starts_again(fake, tmp_path):
    url, api = fake
    first = make_feed(url, max_pages=1).pull(None, tmp_path)
    make_feed(url, max_pages=1, country="652").pull(first.cursor, tmp_path)
    assert api.requests[-1]["page"] == "0"


def test_ucdp_feed_candidate_of_this_month_not_published_yet_is_normal(fake, tmp_path):
    url, api = fake
    feed = make_feed(url, versions="", candidate=TWO_AGO)
    assert feed.releases() == [TWO_AGO, LAST_MONTH, THIS_MONTH]
    pull = feed.pull(None, tmp_path)
    assert len(pull.files) == 1 and not pull.more
    assert f"Candidate release {THIS_MONTH} not published yet (404)" in pull.note
    assert f"Candidate release {LAST_MONTH} not published yet (404)" in pull.note
    assert pull.cursor["releases"][THIS_MONTH] == {"page": 0}
    # UCDP publishes last month's release: the next pull reads it, and only it
    api.releases[LAST_MONTH] = ged_rows(300_000, 2, "2016-04-01")
    asked = len(api.requests)
    again = feed.pull(pull.cursor, tmp_path)
    assert [f.name for f in again.files] == [f"ucdp-{LAST_MONTH}-p00000.csv"]
    assert [r["release"] for r in api.requests[asked:]] == [LAST_MONTH, THIS_MONTH]


def test_ucdp_feed_old_candidate_missing_is_skipped_and_said(fake, tmp_path):
    url, api = fake
    feed = make_feed(url, versions="", candidate=TWO_AGO)
    feed.today = lambda: TODAY + timedelta(days=100)  # three months on: TWO_AGO's next is old
    del api.releases[TWO_AGO]
    pull = feed.pull(None, tmp_path)
    assert f"Candidate release {TWO_AGO} does not exist (404), skipped" in pull.note
    assert pull.cursor["releases"][TWO_AGO]["missing"] is True


def test_ucdp_feed_unknown_yearly_release_is_unavailable(fake, tmp_path):
    url, _ = fake
    with pytest.raises(FeedError) as caught:
        make_feed(url, versions="25.3").pull(None, tmp_path)
    assert caught.value.state == "unavailable" and "no release '25.3'" in str(caught.value)


def test_ucdp_feed_without_a_token_asks_for_one_and_sends_nothing(fake, tmp_path):
    url, api = fake
    with pytest.raises(FeedError) as caught:
        make_feed(url, token=None).pull(None, tmp_path)
    assert caught.value.state == "token missing"
    assert "TRUCEWATCH_UCDP_TOKEN" in str(caught.value)
    assert api.requests == []


def test_ucdp_feed_wrong_token_is_refused_and_never_shown(fake, tmp_path):
    url, _ = fake
    wrong = "wrong-SECRET-token"
    with pytest.raises(FeedError) as caught:
        make_feed(url, token=wrong).pull(None, tmp_path)
    assert caught.value.state == "token expired"
    assert wrong not in str(caught.value) and UCDP_TOKEN not in str(caught.value)


def test_ucdp_feed_release_beyond_the_tier_is_forbidden(fake, tmp_path):
    url, api = fake
    api.forbidden.add("25.1")
    with pytest.raises(FeedError) as caught:
        make_feed(url).pull(None, tmp_path)
    assert caught.value.state == "forbidden"


def test_ucdp_feed_rate_limited_keeps_its_cursor_and_resumes(fake, tmp_path):
    url, api = fake
    feed = make_feed(url, max_pages=1)
    first = feed.pull(None, tmp_path)
    api.faults.queue.append("429")
    with pytest.raises(FeedError) as caught:
        feed.pull(first.cursor, tmp_path)
    assert caught.value.state == "rate limited" and caught.value.retry_after == 120.0
    resumed = feed.pull(first.cursor, tmp_path)  # the runner kept the cursor of the data
    assert [f.name for f in resumed.files] == ["ucdp-25.1-p00001.csv"]


def test_ucdp_feed_500_then_success_and_a_cut_answer_are_retried(fake, tmp_path):
    url, api = fake
    feed = make_feed(url, max_pages=1)
    slept: list[float] = []
    feed.sleep = slept.append
    api.faults.queue.extend(["500", "cut"])
    pull = feed.pull(None, tmp_path)
    assert len(pull.files) == 1 and len(slept) == 2
    assert len(list(adapter_for("ucdp-ged").read(pull.files[0]))) == 1000


def test_ucdp_feed_truncated_json_is_bad_data_and_writes_nothing(fake, tmp_path):
    url, api = fake
    api.faults.queue.append("truncated")
    with pytest.raises(FeedError) as caught:
        make_feed(url).pull(None, tmp_path / "spool")
    assert caught.value.state == "bad data" and "not JSON" in str(caught.value)
    assert not list((tmp_path).rglob("*.csv"))


@pytest.mark.parametrize(
    ("options", "said"),
    [
        ({"versions": "latest"}, "not a UCDP release"),
        ({"versions": "", "candidate": "25.1"}, "not a monthly Candidate release"),
        ({"versions": ""}, "name a release"),
        ({"country": "Syria"}, "Gleditsch–Ward codes"),
        ({"start_date": "2016-13-01"}, "not a day"),
        ({"base_url": "ftp://x"}, "not an http(s) URL"),
        ({"max_pages": 0}, "whole number >= 1"),
    ],
)
def test_ucdp_feed_bad_options_are_refused(options, said):
    options = {"versions": "25.1", **options}
    with pytest.raises(SourceError, match=re.escape(said)):
        feed_for("ucdp", **options)


def test_ucdp_feed_is_registered_with_its_options():
    assert feed_options("ucdp") == {
        "versions", "candidate", "country", "start_date", "base_url", "max_pages", "name",
    }  # fmt: skip
    feed = feed_for("ucdp", versions="25.1")
    assert (feed.kind, feed.version, feed.name) == ("ucdp", "ucdp_api.v1", "ucdp")


@pytest.mark.parametrize(
    ("release", "after"), [("25.0.10", "25.0.11"), ("25.0.12", "26.0.1"), ("09.0.9", "09.0.10")]
)
def test_ucdp_next_candidate_release(release, after):
    assert next_candidate(release) == after


def test_ucdp_candidate_release_of_a_month():
    assert candidate_release(date(2025, 10, 31)) == "25.0.10"
