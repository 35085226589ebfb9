"""An event read from a news article never reads like a coded dataset row: every renderer of a
verdict's explanation (the engine, stored records, the column listing, the CSV listing) ends it
with where it was read from, its extraction confidence and the parts guessed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from test_render_columns import _listings_equal_reference
from test_render_csv import _csv_equals_reference

from trucewatch.agreements import load_examples
from trucewatch.model.event import Event
from trucewatch.sources.ucdp_ged import UcdpGedAdapter
from trucewatch.store import Store
from trucewatch.verdicts.explain import extraction_phrase
from trucewatch.verdicts.judge import judge
from trucewatch.verdicts.stored import verdict_records
from trucewatch.verdicts.update import update_verdicts

GED = Path(__file__).parents[1] / "fixtures" / "sources" / "ucdp_ged_good.csv"


def test_extraction_phrase_says_confidence_and_parts_guessed() -> None:
    assert extraction_phrase(None, ()) == ""
    assert extraction_phrase(0.85) == "; read from a news article, extraction confidence 0.85"
    assert extraction_phrase(0.25, ("place", "date", "type")) == (
        "; read from a news article, extraction confidence 0.25, place, date and type guessed"
    )
    assert extraction_phrase(0.5, ("toll",)).endswith("confidence 0.50, toll guessed")


def _as_news(events: list[Event]) -> list[Event]:
    """The coded events, every other one as if read from a news article."""
    out = []
    for i, event in enumerate(events):
        if i % 2:
            guessed = ("place", "date") if i % 4 == 1 else ()
            event = replace(event, confidence=round(0.15 + i / 100, 2), guessed=guessed)
        out.append(event)
    return out


def test_extraction_every_renderer_says_an_event_was_read_from_a_news_article(
    tmp_path: Path,
) -> None:
    agreements = load_examples()
    read = [r for r in UcdpGedAdapter().read(GED) if isinstance(r, Event)]
    events = _as_news(read)
    assert any(e.confidence is not None for e in events)
    with Store.open(tmp_path / "s.duckdb") as store:
        store.ingest_events(events, label="mixed", adapter="mixed.v1")
        update_verdicts(store, agreements)
        assert _listings_equal_reference(store, agreements) > 0
        assert _csv_equals_reference(store, agreements) > 0
        records = verdict_records(store, agreements)
    by_id = {e.event_id: e for e in events}
    for r in records:
        event = by_id[r["event_id"]]
        said = "read from a news article" in r["explanation"]
        assert said == (event.confidence is not None), r["explanation"]
        if event.guessed:
            assert r["explanation"].endswith("place and date guessed.")
    in_memory = {(v.event_id, v.agreement_id, v.window_id): v for v in judge(events, agreements)}
    for r in records:
        assert (
            in_memory[(r["event_id"], r["agreement_id"], r["window_id"])].explanation
            == (r["explanation"])
        )
