"""The RSS / Atom feed (rss.v1) against a fake news site on 127.0.0.1: new items written as
JSON lines the news adapter reads, items seen before left out, conditional GETs, hostile
documents refused with nothing written, article pages fetched."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from fake_rss import ALEPPO, BILLION_LAUGHS, EXTERNAL_ENTITY, HOMS, IDLIB, atom, rss, running_site

from trucewatch.errors import FeedError, SourceError
from trucewatch.feeds.base import feed_for
from trucewatch.feeds.rss import RssFeed, parse_feed
from trucewatch.jobs import ingest_file
from trucewatch.model.event import Event
from trucewatch.sources.news import NewsAdapter
from trucewatch.store import Store

MAY5 = "Thu, 05 May 2016 11:00:00 +0300"
MAY6 = "Fri, 06 May 2016 09:30:00 GMT"


def _item(guid: str, text: str, date: str | None = MAY5, **more: str) -> dict[str, str]:
    item = {"guid": guid, "title": f"Report {guid}", "link": f"https://news.example.org/{guid}"}
    item |= {"description": text, **more}
    return item | ({"pubDate": date} if date else {})


def _articles(pull) -> list[dict]:
    return [json.loads(line) for f in pull.files for line in f.read_text().splitlines()]


@pytest.fixture
def site():
    with running_site() as fake:
        yield fake


def test_rss_feed_is_registered_and_reads_for_the_news_adapter(site):
    feed = feed_for("rss", url=site.base_url + "feed.xml", publisher="Example News")
    assert (feed.kind, feed.version, feed.name) == ("rss", "rss.v1", "rss")


def test_rss_new_items_become_articles_the_news_adapter_turns_into_events(site, tmp_path):
    url = site.serve("feed.xml", rss([_item("a1", ALEPPO), _item("a2", HOMS, MAY6)]))
    pull = RssFeed(url, publisher="Example News").pull(None, tmp_path)
    assert pull.adapter == "news" and len(pull.files) == 1 and pull.files[0].parent == tmp_path
    articles = _articles(pull)
    assert [a["published"] for a in articles] == [
        "2016-05-05T11:00:00+03:00",
        "2016-05-06T09:30:00+00:00",
    ]
    assert {a["source"] for a in articles} == {"Example News"}
    assert articles[0]["url"] == "https://news.example.org/a1"
    events = [r for r in NewsAdapter().read(pull.files[0])]
    assert all(isinstance(e, Event) for e in events) and events
    aleppo = next(e for e in events if e.source_row_id.startswith(articles[0]["id"]))
    assert aleppo.where.place is not None and "Aleppo" in aleppo.where.place
    assert aleppo.fatalities.best == 12
    assert aleppo.provenance.publisher == "Example News"
    assert "2 new of 2 item(s)" in pull.note


def test_rss_item_seen_before_is_not_written_again(site, tmp_path):
    url = site.serve("feed.xml", rss([_item("a1", ALEPPO)]))
    feed = RssFeed(url, publisher="Example News")
    first = feed.pull(None, tmp_path)
    site.serve("feed.xml", rss([_item("a2", IDLIB), _item("a1", ALEPPO)]))
    second = feed.pull(first.cursor, tmp_path)
    assert [a["title"] for a in _articles(second)] == ["Report a2"]
    assert second.cursor["seen"] == ["a2", "a1"]
    third = feed.pull(second.cursor, tmp_path)
    assert third.files == () and "not modified (304)" in third.note
    assert site.requests[-1][1] == second.cursor["etag"]


def test_rss_article_ids_are_stable_across_pulls(site, tmp_path):
    url = site.serve("feed.xml", rss([_item("a1", ALEPPO)]))
    feed = RssFeed(url, publisher="Example News")
    one, two = (_articles(feed.pull(None, tmp_path / d))[0]["id"] for d in "ab")
    assert one == two and one.startswith("example-news-")


def test_rss_atom_entries_are_read_with_their_links_and_dates(site, tmp_path):
    entries = [
        {
            "id": "urn:e1",
            "title": "Shelling in Homs",
            "link": "https://monitor.example.org/e1",
            "published": "2016-05-05T08:00:00+03:00",
            "content": f"<p>{HOMS}</p>",
        },
        {"id": "urn:e2", "title": "Idlib", "updated": "2016-05-06T10:00:00Z", "summary": IDLIB},
    ]
    url = site.serve("atom.xml", atom(entries), "application/atom+xml")
    articles = _articles(RssFeed(url, name="monitor").pull(None, tmp_path))
    assert articles[0]["html"] == f"<p>{HOMS}</p>" and articles[0]["url"].endswith("/e1")
    assert articles[0]["published"] == "2016-05-05T08:00:00+03:00"
    assert articles[1]["text"] == IDLIB and articles[1]["published"] == "2016-05-06T10:00:00+00:00"
    assert "source" not in articles[1]


@pytest.mark.parametrize("document", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["laughs", "xxe"])
def test_rss_document_declaring_entities_is_refused_and_writes_nothing(site, tmp_path, document):
    url = site.serve("evil.xml", document)
    with pytest.raises(FeedError, match=r"declares XML entities|amplification") as caught:
        RssFeed(url).pull(None, tmp_path)
    assert caught.value.state == "bad data" and "root:" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_rss_predefined_entities_and_cdata_are_read_as_text():
    document = rss([_item("g", "a &amp; b", encoded="<p>x &amp; y</p>")]).encode()
    (item,) = parse_feed(document, feed="f", url="u")
    assert (item.body, item.html) == ("<p>x &amp; y</p>", True)
    (item,) = parse_feed(rss([_item("g", "Tom & Jerry")]).encode(), feed="f", url="u")
    assert (item.body, item.html) == ("Tom & Jerry", False)


def test_rss_not_a_feed_is_bad_data(site, tmp_path):
    url = site.serve("page.html", "<html><body><p>hello</p></body></html>", "text/html")
    with pytest.raises(FeedError, match="neither RSS nor Atom") as caught:
        RssFeed(url).pull(None, tmp_path)
    assert caught.value.state == "bad data"
    site.serve("page.html", "not xml at all")
    with pytest.raises(FeedError, match="not a well-formed XML feed"):
        RssFeed(url).pull(None, tmp_path)


def test_rss_undated_item_is_dated_by_the_pull_or_skipped(site, tmp_path):
    url = site.serve("feed.xml", rss([_item("u1", HOMS, date=None), _item("d1", IDLIB)]))
    before = datetime.now(UTC).replace(microsecond=0)
    seen = RssFeed(url).pull(None, tmp_path / "a")
    articles = _articles(seen)
    assert datetime.fromisoformat(articles[0]["published"]) >= before
    assert "1 undated item(s) dated by the pull" in seen.note
    skipped = RssFeed(url, undated="skip").pull(None, tmp_path / "b")
    assert [a["title"] for a in _articles(skipped)] == ["Report d1"]
    assert "u1" in skipped.cursor["seen"]


def test_rss_fetch_takes_the_article_page_and_falls_back_to_the_item(site, tmp_path):
    page = f"<html><head><title>Aleppo</title></head><body><p>{ALEPPO}</p></body></html>"
    site.serve("a1", page, "text/html; charset=utf-8")
    items = [
        _item("a1", "teaser", link=site.base_url + "a1"),
        _item("a2", HOMS, link=site.base_url + "gone"),
    ]
    url = site.serve("feed.xml", rss(items))
    pull = RssFeed(url, fetch=True).pull(None, tmp_path)
    articles = _articles(pull)
    assert articles[0]["html"] == page
    assert articles[1]["text"] == HOMS and "gone: HTTP 404" in pull.note


def test_rss_rate_limit_is_a_feed_state_with_retry_after(site, tmp_path):
    url = site.serve("feed.xml", rss([_item("a1", ALEPPO)]))
    site.answer("feed.xml", 429, {"Retry-After": "300"})
    with pytest.raises(FeedError) as caught:
        RssFeed(url).pull(None, tmp_path)
    assert (caught.value.state, caught.value.retry_after) == ("rate limited", 300.0)


def test_rss_cursor_keeps_every_current_id_and_drops_the_oldest(site, tmp_path):
    url = site.serve("feed.xml", rss([_item("old", ALEPPO)]))
    feed = RssFeed(url, keep_ids=2)
    first = feed.pull(None, tmp_path)
    site.serve("feed.xml", rss([_item(g, HOMS) for g in ("n1", "n2", "n3")]))
    second = feed.pull(first.cursor, tmp_path)
    assert second.cursor["seen"] == ["n1", "n2", "n3"]


def test_rss_option_that_is_no_url_is_refused():
    with pytest.raises(SourceError, match="http"):
        RssFeed("feed.xml")
    with pytest.raises(SourceError, match="seen, skip"):
        RssFeed("https://x.org/f", undated="now")


def test_rss_pulled_file_ingests_into_a_real_store(site, tmp_path):
    url = site.serve("feed.xml", rss([_item("a1", ALEPPO), _item("a2", IDLIB)]))
    pull = RssFeed(url, publisher="Example News").pull(None, tmp_path / "spool")
    with Store.open(tmp_path / "s.duckdb") as store:
        report = ingest_file(store, pull.adapter, pull.files[0])
    assert report.stored >= 2 and report.bad == 0


def test_rss_1_0_rdf_items_are_read_with_their_dublin_core_dates():
    document = f"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
 <channel rdf:about="https://news.example.org/"><title>t</title>
  <items><rdf:Seq><rdf:li resource="https://news.example.org/r1"/></rdf:Seq></items></channel>
 <item rdf:about="https://news.example.org/r1"><title>Homs</title>
  <link>https://news.example.org/r1</link><description>{HOMS}</description>
  <dc:date>2016-05-05T10:00:00+03:00</dc:date></item>
</rdf:RDF>""".encode()
    (item,) = parse_feed(document, feed="f", url="u")
    assert (item.id, item.body) == ("https://news.example.org/r1", HOMS)
    assert item.published == datetime.fromisoformat("2016-05-05T10:00:00+03:00")


def test_rss_document_over_the_size_limit_is_refused(site, tmp_path, monkeypatch):
    monkeypatch.setattr("trucewatch.feeds.rss.MAX_FEED_BYTES", 100)
    url = site.serve("feed.xml", rss([_item("a1", ALEPPO)]))
    with pytest.raises(FeedError, match="over the 100 a news feed is read to") as caught:
        RssFeed(url).pull(None, tmp_path)
    assert caught.value.state == "bad data" and list(tmp_path.iterdir()) == []
