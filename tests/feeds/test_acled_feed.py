"""The ACLED API feed against a fake ACLED API on 127.0.0.1: OAuth (password grant, refresh,
a refused refresh, the token cache), events by timestamp in pages of 5,000, deletions read
first, an edit and a deletion between two pulls, faults, and files the ``acled`` adapter reads
with no bad row."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_apis import ACLED_PASSWORD, ACLED_USER, FakeAcled, acled_record
from fastapi import FastAPI

from live_server import running
from trucewatch.errors import FeedError, RowError
from trucewatch.feeds.acled import AcledFeed
from trucewatch.feeds.base import feed_for, feed_options
from trucewatch.feeds.credentials import Credentials
from trucewatch.model import Event
from trucewatch.sources.base import adapter_for

T0 = 1_700_000_000
NOW = 1_700_100_000


def events_of(path: Path) -> dict[str, Event]:
    records = list(adapter_for("acled").read(path))
    bad = [r for r in records if isinstance(r, RowError)]
    assert bad == []
    return {r.event_id: r for r in records if isinstance(r, Event)}


@pytest.fixture
def fake() -> Iterator[tuple[str, FakeAcled]]:
    api = FakeAcled(
        [
            acled_record(1, "2020-05-01", T0 + 10),
            acled_record(2, "2020-05-02", T0 + 20, fatalities=2),
            acled_record(3, "2020-05-03", T0 + 30),
            acled_record(9, "2020-05-03", T0 + 30, country="Iraq"),
        ]
    )
    with running(api.app) as url:
        yield url, api


def make_feed(
    url: str,
    tmp_path: Path,
    *,
    username: str | None = ACLED_USER,
    password: str | None = ACLED_PASSWORD,
    cache: bool = True,
    **options: object,
) -> AcledFeed:
    options.setdefault("country", "Syria")
    feed = feed_for("acled", base_url=url, **options)
    assert isinstance(feed, AcledFeed)
    env = {}
    if username:
        env["TRUCEWATCH_ACLED_USERNAME"] = username
    if password:
        env["TRUCEWATCH_ACLED_PASSWORD"] = password
    feed.credentials = Credentials.load(env, cache_dir=tmp_path / "cache" if cache else None)
    feed.sleep = lambda seconds: None
    feed.clock = lambda: NOW
    return feed


def test_acled_feed_first_pull_writes_what_the_adapter_reads(fake, tmp_path):
    url, api = fake
    pull = make_feed(url, tmp_path, start_date="2020-01-01").pull(None, tmp_path / "spool")
    assert pull.adapter == "acled" and pull.feed == "acled" and not pull.more
    assert pull.deletions == () and dict(pull.options) == {}
    assert [r["path"] for r in api.requests] == ["read"]  # no deletions before a first round
    first = api.requests[0]
    assert (first["country"], first["event_date"], first["event_date_where"]) == (
        "Syria",
        "2020-01-01",
        ">=",
    )
    assert (first["limit"], first["page"], first["_format"]) == ("5000", "1", "json")
    events = events_of(pull.files[0])
    assert sorted(events) == ["acled:SYR1", "acled:SYR2", "acled:SYR3"]
    assert events["acled:SYR2"].fatalities.best == 2
    assert events["acled:SYR1"].where.place == "Ariha"
    assert pull.cursor["since"] == T0 + 30 and pull.cursor["page"] == 1
    assert pull.cursor["deleted_since"] <= T0 + 30
    assert api.grants == ["password"]


def test_acled_feed_edit_and_deletion_between_two_pulls(fake, tmp_path):
    url, api = fake
    feed = make_feed(url, tmp_path)
    first = feed.pull(None, tmp_path)
    api.edit("SYR2", T0 + 500, fatalities="5")
    api.delete("SYR3", T0 + 600)
    api.add(acled_record(4, "2020-05-04", T0 + 700))
    asked = len(api.requests)
    second = feed.pull(json.loads(json.dumps(first.cursor)), tmp_path)  # as the store keeps it
    # the deletions are read before the events
    assert [r["path"] for r in api.requests[asked:]] == ["deleted", "read"]
    assert api.requests[asked]["timestamp"] == str(first.cursor["deleted_since"])
    assert api.requests[asked + 1]["timestamp"] == str(T0 + 30)
    assert api.requests[asked + 1]["timestamp_where"] == ">="
    assert second.deletions == ("acled:SYR3",)
    events = events_of(second.files[0])
    assert sorted(events) == ["acled:SYR2", "acled:SYR4"]
    assert events["acled:SYR2"].fatalities.best == 5  # the edit
    # the deletion names the id the adapter made from the first pull's file
    assert "acled:SYR3" in events_of(first.files[0])
    assert second.cursor["since"] == T0 + 700
    assert second.cursor["deleted_since"] == T0 + 600
    assert "1 deletion(s)" in second.note
    third = feed.pull(json.loads(json.dumps(second.cursor)), tmp_path)
    assert third.deletions == ()  # the deletion is not given twice


def test_acled_feed_event_deleted_then_added_again_is_not_deleted(fake, tmp_path):
    url, api = fake
    feed = make_feed(url, tmp_path)
    first = feed.pull(None, tmp_path)
    api.delete("SYR3", T0 + 600)
    api.add(acled_record(3, "2020-05-03", T0 + 700, fatalities=4))
    second = feed.pull(first.cursor, tmp_path)
    assert second.deletions == ()
    assert events_of(second.files[0])["acled:SYR3"].fatalities.best == 4


def test_acled_feed_pages_of_5000_resume_from_the_cursor(tmp_path):
    rows = [acled_record(n, "2020-05-01", T0 + n) for n in range(1, 5_003)]
    api = FakeAcled(rows)
    with running(api.app) as url:
        feed = make_feed(url, tmp_path, max_pages=1)
        first = feed.pull(None, tmp_path)
        assert first.more and first.cursor["page"] == 2 and first.cursor["since"] is None
        assert len(events_of(first.files[0])) == 5_000
        saved = json.loads(json.dumps(first.cursor))
        second = make_feed(url, tmp_path, max_pages=1).pull(saved, tmp_path)
        assert not second.more and [r["page"] for r in api.requests] == ["1", "2"]
        assert sorted(events_of(second.files[0])) == ["acled:SYR5001", "acled:SYR5002"]
        assert second.cursor["since"] == T0 + 5_002 and second.cursor["page"] == 1


def test_acled_feed_expired_access_token_is_refreshed_not_reentered(fake, tmp_path):
    url, api = fake
    feed = make_feed(url, tmp_path)
    first = feed.pull(None, tmp_path)
    api.expire_tokens()
    feed.pull(first.cursor, tmp_path)
    assert api.grants == ["password", "refresh_token"]


def test_acled_feed_token_past_its_lifetime_is_refreshed_before_asking(fake, tmp_path):
    url, api = fake
    feed = make_feed(url, tmp_path)
    first = feed.pull(None, tmp_path)
    feed.clock = lambda: NOW + 86_400  # a day later: ACLED said 24 h
    asked = len(api.requests)
    feed.pull(first.cursor, tmp_path)
    assert api.grants == ["password", "refresh_token"]
    # renewed before asking: no request refused and asked again
    assert [r["path"] for r in api.requests[asked:]] == ["deleted", "read"]


def test_acled_feed_refused_refresh_falls_back_to_the_password(fake, tmp_path):
    url, api = fake
    feed = make_feed(url, tmp_path)
    first = feed.pull(None, tmp_path)
    api.expire_tokens()
    api.refuse_refresh = True
    pull = feed.pull(first.cursor, tmp_path)
    assert api.grants == ["password", "refresh_token", "password"]
    assert pull.cursor["since"] == T0 + 30


def test_acled_feed_refused_refresh_and_password_is_token_expired_without_secrets(fake, tmp_path):
    url, api = fake
    feed = make_feed(url, tmp_path)
    first = feed.pull(None, tmp_path)
    api.expire_tokens()
    api.refuse_refresh = True
    api.password = "changed-on-the-website"
    with pytest.raises(FeedError) as caught:
        feed.pull(first.cursor, tmp_path)
    message = str(caught.value)
    assert caught.value.state == "token expired" and caught.value.feed == "acled"
    assert "TRUCEWATCH_ACLED_PASSWORD" in message
    for secret in (ACLED_PASSWORD, "access-SECRET", "refresh-SECRET", ACLED_USER):
        assert secret not in message and secret not in repr(caught.value)


def test_acled_feed_tokens_are_cached_0600_across_restarts(fake, tmp_path):
    url, api = fake
    first = make_feed(url, tmp_path).pull(None, tmp_path)
    cache = tmp_path / "cache" / "acled-token.json"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    text = cache.read_text()
    assert ACLED_PASSWORD not in text and ACLED_USER not in text
    assert json.loads(text)["access_token"].startswith("access-SECRET")
    # a new process: the cached token is used, the password is not sent again
    make_feed(url, tmp_path, password=None).pull(first.cursor, tmp_path)
    assert api.grants == ["password"]


def test_acled_feed_cache_readable_by_others_is_not_used(fake, tmp_path):
    url, api = fake
    first = make_feed(url, tmp_path).pull(None, tmp_path)
    os.chmod(tmp_path / "cache" / "acled-token.json", 0o644)
    make_feed(url, tmp_path).pull(first.cursor, tmp_path)
    assert api.grants == ["password", "password"]


def test_acled_feed_without_credentials_says_what_to_set(fake, tmp_path):
    url, api = fake
    with pytest.raises(FeedError) as caught:
        make_feed(url, tmp_path, username=None).pull(None, tmp_path)
    assert caught.value.state == "token missing"
    assert "TRUCEWATCH_ACLED_USERNAME" in str(caught.value)
    assert api.requests == [] and api.grants == []


def test_acled_feed_wrong_password_at_first_is_refused(fake, tmp_path):
    url, _ = fake
    with pytest.raises(FeedError) as caught:
        make_feed(url, tmp_path, password="wrong-SECRET").pull(None, tmp_path)
    assert caught.value.state == "token expired"
    assert "wrong-SECRET" not in str(caught.value)


def test_acled_feed_access_level_without_the_data_is_forbidden(fake, tmp_path):
    url, api = fake
    api.forbidden = True
    with pytest.raises(FeedError) as caught:
        make_feed(url, tmp_path).pull(None, tmp_path)
    assert caught.value.state == "forbidden" and "access level" in str(caught.value)


def test_acled_feed_rate_limited_says_when_to_retry(fake, tmp_path):
    url, api = fake
    api.faults.queue.append("429-date")
    with pytest.raises(FeedError) as caught:
        make_feed(url, tmp_path).pull(None, tmp_path)
    assert caught.value.state == "rate limited"
    assert caught.value.retry_after is not None and 0 < caught.value.retry_after <= 120


def test_acled_feed_500_then_success(fake, tmp_path):
    url, api = fake
    api.faults.queue.append("500")
    pull = make_feed(url, tmp_path).pull(None, tmp_path)
    assert len(events_of(pull.files[0])) == 3


def test_acled_feed_truncated_answer_is_bad_data(fake, tmp_path):
    url, api = fake
    api.faults.queue.append("truncated")
    with pytest.raises(FeedError) as caught:
        make_feed(url, tmp_path).pull(None, tmp_path / "spool")
    assert caught.value.state == "bad data"
    assert not (tmp_path / "spool").exists() or not list((tmp_path / "spool").iterdir())


def test_acled_feed_is_registered_with_its_options():
    assert feed_options("acled") == {"country", "start_date", "base_url", "max_pages", "name"}
    feed = feed_for("acled")
    assert (feed.kind, feed.version, feed.name) == ("acled", "acled_api.v1", "acled")


def test_acled_feed_answer_with_success_false_is_unavailable_with_acleds_reason(tmp_path):
    app = FastAPI()
    api = FakeAcled([])
    app.post("/oauth/token")(api._token)

    @app.get("/api/acled/read")
    async def read() -> dict:
        return {"status": 400, "success": False, "error": {"message": "Unknown country"}}

    with running(app) as url, pytest.raises(FeedError) as caught:
        make_feed(url, tmp_path, country="Syrie").pull(None, tmp_path)
    assert caught.value.state == "unavailable"
    assert "Unknown country" in str(caught.value) and "success=false" in str(caught.value)
