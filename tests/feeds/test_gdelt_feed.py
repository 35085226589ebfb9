"""The GDELT 2.0 feed (gdelt_15min.v1) against a fake GDELT server on 127.0.0.1: slots taken
in order and read by the gdelt adapter, the cursor resumed, missing slots back-filled from the
master list, damaged files refused with nothing written, HTTP failures as feed states."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_gdelt import FakeGdelt, export_row, running_gdelt

from trucewatch.errors import FeedError, SourceError
from trucewatch.feeds.base import feed_for
from trucewatch.feeds.gdelt import GdeltFeed, parse_list_line
from trucewatch.jobs import ingest_file
from trucewatch.model.event import Event
from trucewatch.sources import adapter_for
from trucewatch.store import Store

S1, S2, S3, S4 = "20201113001500", "20201113003000", "20201113004500", "20201113010000"


def _rows(slot: str, *ids: int, country: str = "SY") -> list[str]:
    return [export_row(i, added=slot, country=country) for i in ids]


def _event_ids(paths) -> list[str]:
    adapter = adapter_for("gdelt")
    records = [r for p in paths for r in adapter.read(p)]
    assert all(isinstance(r, Event) for r in records), records
    return [r.source_row_id for r in records]


@pytest.fixture
def gdelt():
    with running_gdelt() as fake:
        yield fake


def _feed(fake: FakeGdelt, **options) -> GdeltFeed:
    return GdeltFeed(base_url=fake.base_url, **options)


def test_gdelt_feed_is_registered_with_its_version(gdelt):
    feed = feed_for("gdelt", base_url=gdelt.base_url, max_slots=4)
    assert (feed.kind, feed.version, feed.name) == ("gdelt", "gdelt_15min.v1", "gdelt")


def test_gdelt_first_pull_takes_the_latest_slot_read_by_the_gdelt_adapter(gdelt, tmp_path):
    gdelt.publish(S1, _rows(S1, 1, 2))
    gdelt.publish(S2, _rows(S2, 3, 4, 5))
    pull = _feed(gdelt).pull(None, tmp_path)
    assert pull.adapter == "gdelt" and pull.cursor == {"slot": S2} and not pull.more
    assert [p.name for p in pull.files] == [f"{S2}.export.CSV.zip"]
    assert pull.files[0].read_bytes() == gdelt.files[S2]
    assert _event_ids(pull.files) == ["3", "4", "5"]


def test_gdelt_cursor_resumes_with_the_next_slot_only(gdelt, tmp_path):
    gdelt.publish(S1, _rows(S1, 1))
    feed = _feed(gdelt)
    first = feed.pull(None, tmp_path / "a")
    gdelt.publish(S2, _rows(S2, 2, 3))
    second = feed.pull(first.cursor, tmp_path / "b")
    assert second.cursor == {"slot": S2}
    assert _event_ids(second.files) == ["2", "3"]
    again = feed.pull(second.cursor, tmp_path / "c")
    assert again.files == () and again.cursor == {"slot": S2} and "no slot after" in again.note
    assert not (tmp_path / "c").exists() or not any((tmp_path / "c").iterdir())


def test_gdelt_missing_slots_are_back_filled_from_the_master_list_tail(gdelt, tmp_path):
    for n, slot in enumerate((S1, S2, S3, S4)):
        gdelt.publish(slot, _rows(slot, 10 + n))
    pull = _feed(gdelt).pull({"slot": S1}, tmp_path)
    assert [p.name[:14] for p in pull.files] == [S2, S3, S4]
    assert _event_ids(pull.files) == ["11", "12", "13"]
    assert pull.cursor == {"slot": S4}
    ranges = [r for path, r in gdelt.requests if path == "masterfilelist.txt"]
    assert ranges and all(r.startswith("bytes=-") for r in ranges)


def test_gdelt_back_fill_stops_at_max_slots_and_says_more(gdelt, tmp_path):
    for n, slot in enumerate((S1, S2, S3, S4)):
        gdelt.publish(slot, _rows(slot, 10 + n))
    feed = _feed(gdelt, max_slots=2)
    first = feed.pull({"slot": S1}, tmp_path)
    assert [p.name[:14] for p in first.files] == [S2, S3]
    assert first.more and first.cursor == {"slot": S3}
    second = feed.pull(first.cursor, tmp_path)
    assert [p.name[:14] for p in second.files] == [S4] and not second.more


def test_gdelt_wrong_md5_writes_nothing_and_the_slot_is_taken_next_time(gdelt, tmp_path):
    gdelt.publish(S1, _rows(S1, 1))
    gdelt.publish(S2, _rows(S2, 2))
    gdelt.wrong_md5.add(S2)
    feed = _feed(gdelt)
    with pytest.raises(FeedError, match="MD5") as caught:
        feed.pull({"slot": S1}, tmp_path)
    assert (caught.value.state, caught.value.feed) == ("bad data", "gdelt")
    assert list(tmp_path.iterdir()) == []
    gdelt.wrong_md5.clear()
    pull = feed.pull({"slot": S1}, tmp_path)
    assert _event_ids(pull.files) == ["2"] and pull.cursor == {"slot": S2}


def test_gdelt_truncated_download_is_bad_data_and_writes_nothing(gdelt, tmp_path):
    gdelt.publish(S1, _rows(S1, 1, 2, 3))
    gdelt.truncated.add(S1)
    with pytest.raises(FeedError, match="bytes where the list says") as caught:
        _feed(gdelt).pull(None, tmp_path)
    assert caught.value.state == "bad data"
    assert list(tmp_path.iterdir()) == []


def test_gdelt_damaged_archive_with_matching_md5_is_bad_data(gdelt, tmp_path):
    gdelt.publish(S1, _rows(S1, 1, 2, 3))
    gdelt.files[S1] = gdelt.files[S1][:-30]  # published damaged: list and file agree
    with pytest.raises(FeedError, match="not a readable zip") as caught:
        _feed(gdelt).pull(None, tmp_path)
    assert caught.value.state == "bad data" and list(tmp_path.iterdir()) == []


def test_gdelt_bad_slot_after_good_ones_keeps_the_good_and_pulls_again(gdelt, tmp_path):
    for n, slot in enumerate((S1, S2, S3, S4)):
        gdelt.publish(slot, _rows(slot, 10 + n))
    gdelt.wrong_md5.add(S3)
    feed = _feed(gdelt)
    pull = feed.pull({"slot": S1}, tmp_path)
    assert [p.name[:14] for p in pull.files] == [S2]
    assert pull.cursor == {"slot": S2} and pull.more
    assert f"stopped before {S3}" in pull.note
    with pytest.raises(FeedError) as caught:
        feed.pull(pull.cursor, tmp_path)
    assert caught.value.state == "bad data"


def test_gdelt_slot_in_neither_list_and_not_served_is_noted_and_passed(gdelt, tmp_path):
    gdelt.publish(S1, _rows(S1, 1))
    gdelt.publish(S2, _rows(S2, 2), listed=False)
    gdelt.gone.add(S2)  # GDELT never published it
    gdelt.publish(S3, _rows(S3, 3))
    pull = _feed(gdelt).pull({"slot": S1}, tmp_path)
    assert _event_ids(pull.files) == ["3"] and pull.cursor == {"slot": S3}
    assert f"not published (404, in neither list): {S2}" in pull.note


def test_gdelt_slot_listed_but_404_is_unavailable_and_the_cursor_stays(gdelt, tmp_path):
    gdelt.publish(S1, _rows(S1, 1))
    gdelt.publish(S2, _rows(S2, 2))
    gdelt.gone.add(S2)
    with pytest.raises(FeedError, match="HTTP 404") as caught:
        _feed(gdelt).pull({"slot": S1}, tmp_path)
    assert caught.value.state == "unavailable"


def test_gdelt_slot_served_but_not_yet_in_the_master_list_is_taken(gdelt, tmp_path):
    gdelt.publish(S1, _rows(S1, 1))
    gdelt.publish(S2, _rows(S2, 2), listed=False)
    gdelt.publish(S3, _rows(S3, 3))
    pull = _feed(gdelt).pull({"slot": S1}, tmp_path)
    assert _event_ids(pull.files) == ["2", "3"]


@pytest.mark.parametrize(
    ("status", "headers", "state", "retry_after"),
    [
        (429, {"Retry-After": "120"}, "rate limited", 120.0),
        (403, {}, "forbidden", None),
        (503, {}, "unavailable", None),
    ],
)
def test_gdelt_http_refusals_are_feed_states(gdelt, tmp_path, status, headers, state, retry_after):
    gdelt.publish(S1, _rows(S1, 1))
    gdelt.answer("lastupdate.txt", status, headers)
    with pytest.raises(FeedError) as caught:
        _feed(gdelt).pull(None, tmp_path)
    assert (caught.value.state, caught.value.retry_after) == (state, retry_after)
    assert list(tmp_path.iterdir()) == []


def test_gdelt_rate_limit_mid_back_fill_keeps_the_slots_before_it(gdelt, tmp_path):
    for n, slot in enumerate((S1, S2, S3)):
        gdelt.publish(slot, _rows(slot, 10 + n))
    gdelt.answer(f"{S3}.export.CSV.zip", 429, {"Retry-After": "60"})
    pull = _feed(gdelt).pull({"slot": S1}, tmp_path)
    assert pull.cursor == {"slot": S2} and not pull.more and "rate limited" in pull.note


def test_gdelt_server_down_is_unavailable(tmp_path):
    with running_gdelt() as fake:
        base = fake.base_url
    with pytest.raises(FeedError) as caught:
        GdeltFeed(base_url=base).pull(None, tmp_path)
    assert caught.value.state == "unavailable"


def test_gdelt_country_filter_writes_only_that_countrys_rows(gdelt, tmp_path):
    gdelt.publish(S1, _rows(S1, 1, 2, country="SY") + _rows(S1, 3, country="AJ"))
    pull = _feed(gdelt, countries="SY").pull(None, tmp_path)
    assert [p.name for p in pull.files] == [f"{S1}.export.SY.CSV"]
    assert _event_ids(pull.files) == ["1", "2"]
    assert "2 of 3 rows in SY" in pull.note


def test_gdelt_country_filter_with_no_row_there_writes_no_file(gdelt, tmp_path):
    gdelt.publish(S1, _rows(S1, 3, country="AJ"))
    pull = _feed(gdelt, countries=["SY", "IZ"]).pull(None, tmp_path)
    assert pull.files == () and pull.cursor == {"slot": S1} and "0 of 1 rows in IZ-SY" in pull.note


def test_gdelt_country_option_refuses_what_is_no_fips_code():
    with pytest.raises(SourceError, match="FIPS"):
        GdeltFeed(countries="Syria")


def test_gdelt_translated_stream_reads_the_translation_lists(tmp_path):
    with running_gdelt(FakeGdelt(translated=True)) as fake:
        fake.publish(S1, _rows(S1, 7))
        pull = GdeltFeed(base_url=fake.base_url, translated=True).pull(None, tmp_path)
        assert [p.name for p in pull.files] == [f"{S1}.translation.export.CSV.zip"]
        assert ("lastupdate-translation.txt", "") in fake.requests
    assert _event_ids(pull.files) == ["7"]


def test_gdelt_list_line_of_another_file_or_format_is_not_an_export():
    url = "http://data.gdeltproject.org/gdeltv2/20150218230000"
    assert parse_list_line(f"150383 {'a' * 32} {url}.export.CSV.zip").slot == "20150218230000"
    assert parse_list_line(f"318084 {'a' * 32} {url}.mentions.CSV.zip") is None
    assert parse_list_line(f"{'a' * 32} {url}.export.CSV.zip") is None
    assert parse_list_line(f"150383 {'a' * 32} {url}.translation.export.CSV.zip") is None


def test_gdelt_pulled_files_ingest_once_into_a_real_store(gdelt, tmp_path: Path):
    gdelt.publish(S1, _rows(S1, 1, 2))
    feed = _feed(gdelt)
    first = feed.pull(None, tmp_path / "spool")
    gdelt.publish(S2, _rows(S2, 3))
    second = feed.pull(first.cursor, tmp_path / "spool")
    with Store.open(tmp_path / "s.duckdb") as store:
        stored = [ingest_file(store, p.adapter, f).stored for p in (first, second) for f in p.files]
        again = ingest_file(store, first.adapter, first.files[0])
    assert stored == [2, 1]
    assert again.already_ingested


@pytest.mark.shared_data
def test_gdelt_country_filter_on_real_rows_keeps_exactly_the_syrian_ones(
    shared_data, gdelt, tmp_path
):
    sample = shared_data / "gdelt2_events_sample" / "gdelt2_events_20201113.tsv"
    header, *lines = sample.read_text(encoding="utf-8").splitlines()
    rows = ["\t".join(line.split("\t")[:61]) for line in lines]  # as exported: 61 columns
    country = header.split("\t").index("ActionGeo_CountryCode")
    syrian = [r.split("\t")[0] for r in rows if r.split("\t")[country] == "SY"]
    gdelt.publish(S1, rows)
    pull = _feed(gdelt, countries="SY").pull(None, tmp_path)
    assert f"{len(syrian)} of 2,824 rows in SY" in pull.note and len(syrian) == 13
    records = list(adapter_for("gdelt").read(pull.files[0]))
    assert sorted(r.source_row_id for r in records if isinstance(r, Event)) == sorted(syrian)
