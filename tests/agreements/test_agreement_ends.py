"""Ends of windows and agreements: the loader accepts and refuses them, the model checks itself."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from trucewatch.agreements import example_paths, parse_agreement
from trucewatch.agreements._yaml import load_yaml
from trucewatch.agreements.edit import add_end
from trucewatch.errors import AgreementError, ValidationError
from trucewatch.model.agreement import Window, WindowEnd
from trucewatch.model.time import Interval

ALEPPO = next(p for p in example_paths() if p.name.startswith("aleppo")).read_text()
COH = next(p for p in example_paths() if p.name.startswith("syria-coh")).read_text()
US = "us-coh-extended-to-aleppo"


def load(text: str):  # type: ignore[no-untyped-def]
    document, node = load_yaml(text)
    return parse_agreement(document, node=node, source="test.yaml")


def us_end(record: str) -> str:
    """The Aleppo agreement with the US declaration's ``ended`` replaced by ``record``."""
    start = ALEPPO.index("    ended:", ALEPPO.index("open: true"))
    stop = ALEPPO.index('    note: >-\n      "Renewed cessation')
    return ALEPPO[:start] + record + ALEPPO[stop:]


def bare() -> str:
    """The Aleppo agreement without the extensions' own (expired) ends."""
    text = ALEPPO
    for hours in ("72", "48"):
        start = text.index(f"      kind: expired                  # ran its {hours} hours")
        start = text.rindex("    ended:", 0, start)
        stop = text.index("\n", text.index('- "ETH/PRIO', start)) + 1
        text = text[:start] + text[stop:]
    return text


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


@pytest.mark.parametrize(
    ("at", "end"),
    [
        ("2016-05-05", "2016-05-05T21:00:00+00:00"),  # a date: the end of that local day
        ("2016-05-05T12:30:00+03:00", "2016-05-05T09:30:00+00:00"),
    ],
)
def test_ends_a_collapse_cuts_the_window_at_its_instant(at, end):
    record = f"    ended: {{kind: collapsed, at: '{at}', evidence: [a source]}}\n"
    window = load(us_end(record)).window(US)
    assert window.end == utc(end)
    assert window.nominal_interval.end is None and not window.open_ended
    assert window.ended.kind == "collapsed" and window.ended.written == at


def test_ends_expired_without_at_is_the_stated_end():
    agreement = load(ALEPPO)
    ext = agreement.window("ext-72h-2016-05-07")
    assert ext.ended.kind == "expired" and ext.ended.written is None
    assert ext.end == ext.nominal_interval.end == utc("2016-05-09T22:00:00+00:00")


def test_ends_the_agreement_end_cuts_every_running_window():
    text = bare().replace(
        "conditions:",
        "ended: {kind: terminated, at: '2016-05-10T12:00:00+03:00', evidence: [a source]}\n"
        "conditions:",
    )
    agreement = load(text)
    ext48 = agreement.window("ext-48h-2016-05-10")
    assert ext48.end == utc("2016-05-10T09:00:00+00:00") and ext48.ended.kind == "terminated"
    assert agreement.window("base").ended is None  # it had ended before
    assert agreement.ended.kind == "terminated" and agreement.end == ext48.end


@pytest.mark.parametrize(
    ("record", "field", "message"),
    [
        (
            "    ended: {kind: collapsed, at: 2016-05-06}\n",
            "declarations[0].ended.evidence",
            "needs evidence",
        ),
        (
            "    ended: {kind: collapsed, at: 2016-05-01, evidence: [x]}\n",
            "declarations[0].ended.at",
            "before it starts",
        ),
        ("    ended: {kind: collapsed, evidence: [x]}\n", "declarations[0].ended.at", "needs at"),
        ("    ended: {kind: expired}\n", "declarations[0].ended.at", "open-ended"),
        (
            "    ended: {kind: lapsed, at: 2016-05-06, evidence: [x]}\n",
            "declarations[0].ended.replaced_by",
            "needs replaced_by",
        ),
        (
            "    ended: {kind: lapsed, at: 2016-05-06, replaced_by: nope, evidence: [x]}\n",
            "declarations[0].ended.replaced_by",
            "unknown window 'nope'",
        ),
        (
            "    ended: {kind: lapsed, at: 2016-05-06, replaced_by: ext-72h, evidence: [x]}\n",
            "declarations[0].ended.replaced_by",
            "unknown window 'ext-72h' (did you mean ext-72h-2016-05-07?)",
        ),
        (
            f"    ended: {{kind: lapsed, at: 2016-05-06, replaced_by: {US}, evidence: [x]}}\n",
            "declarations[0].ended.replaced_by",
            "cannot be replaced by itself",
        ),
        (
            "    ended: {kind: collapsed, at: 2016-05-06, replaced_by: base, evidence: [x]}\n",
            "declarations[0].ended.replaced_by",
            "only a lapsed end",
        ),
        (
            "    ended: {kind: exploded, at: 2016-05-06, evidence: [x]}\n",
            "declarations[0].ended.kind",
            "not one of",
        ),
        (
            "    ended: {kind: collapsed, at: 2016-05-06, evidence: [x], why: y}\n",
            "declarations[0].ended.why",
            "unknown key",
        ),
        (
            "    ended: {kind: collapsed, at: '2016-05-06T12:00:00', evidence: [x]}\n",
            "declarations[0].ended.at",
            "offset",
        ),
    ],
)
def test_ends_refused_records_name_the_field(record, field, message):
    with pytest.raises(AgreementError) as caught:
        load(us_end(record))
    assert caught.value.field == field
    assert message in str(caught.value)


def test_ends_an_end_after_the_stated_end_is_refused():
    text = ALEPPO.replace(
        "      kind: expired                  # ran its 72 hours: 22:00Z on 9 May\n",
        "      kind: collapsed\n      at: 2016-05-12\n",
    )
    with pytest.raises(AgreementError, match="cannot run longer than stated") as caught:
        load(text)
    assert caught.value.field == "extensions[0].ended.at"


@pytest.mark.parametrize(
    ("text", "record", "message"),
    [
        (bare(), "ended: {kind: lapsed, at: 2016-05-08, evidence: [x]}", "cannot lapse"),
        (
            bare(),
            "ended: {kind: collapsed, at: 2016-05-08, evidence: [x]}",
            "before a window starts",
        ),
        (
            ALEPPO,  # the 48 h extension's own (expired) end is later than the agreement's
            "ended: {kind: collapsed, at: '2016-05-11T12:00:00+03:00', evidence: [x]}",
            "after the agreement itself ended",
        ),
    ],
)
def test_ends_refused_agreement_ends(text, record, message):
    with pytest.raises(AgreementError, match=message):
        load(text.replace("conditions:", record + "\nconditions:"))


def test_ends_add_end_keeps_comments_and_refuses_a_second_end():
    text = add_end(COH, {"kind": "collapsed", "at": "2016-06-01", "evidence": ["a source"]})
    assert text.startswith(COH.rstrip("\n"))  # appended: everything before is kept
    assert load(text).base.end == utc("2016-06-01T21:00:00+00:00")
    with pytest.raises(AgreementError, match="already has an end"):
        add_end(text, {"kind": "terminated", "at": "2016-06-02", "evidence": ["x"]})
    with pytest.raises(AgreementError, match="already has an end"):
        add_end(ALEPPO, {"kind": "collapsed", "at": "2016-05-05", "evidence": ["x"]}, window=US)


def _window(**changes) -> Window:
    start = datetime(2016, 5, 3, 21, 1, tzinfo=UTC)
    fields = {
        "id": "us",
        "agreement_id": "aleppo",
        "kind": "base",
        "interval": Interval(start),
        "timezone": "Asia/Damascus",
        "local_start": "2016-05-04T00:01:00+03:00",
    }
    return Window(**(fields | changes))


def test_model_window_ending_keeps_the_nominal_interval():
    end = WindowEnd("collapsed", datetime(2016, 5, 6, 21, tzinfo=UTC), "2016-05-06", ("src",))
    window = _window().ending(end)
    assert window.end == end.at and window.nominal_interval.end is None
    assert window.ended is end and not window.open_ended and _window().open_ended


def test_model_window_refuses_an_end_before_its_start_naming_agreement_and_window():
    end = WindowEnd("collapsed", datetime(2016, 5, 1, tzinfo=UTC), None, ("src",))
    with pytest.raises(ValidationError, match=r"agreement 'aleppo', window 'us'.*before it starts"):
        _window().ending(end)
    with pytest.raises(ValidationError, match="agreement 'aleppo', window 'us'"):
        _window(
            interval=Interval(datetime(2016, 5, 3, 21, 1, tzinfo=UTC), end.at + timedelta(days=9)),
            ended=end,
        )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "collapsed"}, "needs evidence"),
        ({"kind": "lapsed", "evidence": ("x",)}, "needs replaced_by"),
        ({"kind": "expired", "replaced_by": "w"}, "only a lapsed end"),
        ({"kind": "fizzled", "evidence": ("x",)}, "not one of"),
        ({"kind": "collapsed", "evidence": (" ",)}, "empty evidence"),
    ],
)
def test_model_window_end_checks_itself(kwargs, message):
    with pytest.raises(ValidationError, match=message):
        WindowEnd(at=datetime(2016, 5, 6, tzinfo=UTC), **kwargs)


def test_model_window_end_refuses_a_naive_instant():
    with pytest.raises(ValidationError, match="no time zone"):
        WindowEnd("collapsed", datetime(2016, 5, 6), None, ("x",))
