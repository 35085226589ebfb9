"""Truce terms in an English sentence: who is left out ("does not cover X", "X are
excluded", "terrorists who are not party to it") and deadlines counted from publication
("within a month") or written as a day ("talks are due to start on 18 April"), with what each
deadline is for."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from trucewatch.model.time import zone
from trucewatch.text.actors import find_actors
from trucewatch.text.statements import lexicon as lx
from trucewatch.text.statements.reading import Reading, Spans
from trucewatch.text.statements.reading import inside as _inside
from trucewatch.text.statements.times import deadline_day

__all__ = ["deadline_what", "exclusions", "relative_deadlines"]


def exclusions(text: str, table: object, skip: Spans) -> tuple[list[str], Spans]:
    from trucewatch.text.actors import ActorTable

    assert isinstance(table, ActorTable)
    names: list[str] = []
    spans: Spans = []
    for pattern in (lx.EXCLUSION_AFTER, lx.EXCLUSION_BEFORE):
        for m in pattern.finditer(text):
            who_a, who_b = m.span("who")
            found = False
            for np in lx.NOT_PARTY.finditer(text, who_a, who_b):
                names.append(np.group().strip())
                found = True
            for a in find_actors(m.group("who"), table):
                if a.canonical not in names and not _inside(
                    who_a + a.start, who_a + a.end, [n.span() for n in lx.NOT_PARTY.finditer(text)]
                ):
                    names.append(a.canonical)
                    found = True
            if found:
                spans.append(m.span())
    for np in lx.NOT_PARTY.finditer(text):
        if not _inside(np.start(), np.end(), spans):
            names.append(np.group().strip())
            spans.append(np.span())
    return list(dict.fromkeys(names)), spans


_WITHIN_N = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "ten": 10,
    "fourteen": 14,
    "thirty": 30,
}
_WITHIN_UNIT = {"day": 1, "week": 7, "month": 30}


def relative_deadlines(
    text: str, published: datetime, tz: str, about_truce: bool, out: Reading
) -> None:
    """ "resume talks within a month" (from publication) and, outside a truce's own sentence,
    "talks are due to start on 18 April" / "patrols will begin on March 15"."""
    today = published.astimezone(zone(tz)).date()
    for m in lx.WITHIN.finditer(text):
        raw = (m.group("n") or "1").lower()
        n = int(raw) if raw.isdigit() else _WITHIN_N.get(raw, 1)
        if m.group("unit").lower() == "month":  # a calendar month: 29 Dec -> 29 Jan
            months = today.month - 1 + n
            year, month = today.year + months // 12, months % 12 + 1
            by = today.replace(year=year, month=month, day=min(today.day, 28))
            if today.day > 28:
                by = today + timedelta(days=30 * n)
        else:
            by = today + timedelta(days=n * _WITHIN_UNIT[m.group("unit").lower()])
        out.deadlines.append((by, _subject(text, m.start()), m.span()))
        out.cite("deadlines", m.span())
    if about_truce:
        return
    for m in lx.DUE_ON.finditer(text):
        due = deadline_day(m.group("date"), published, tz)
        if due is None or due <= today:
            continue
        out.deadlines.append((due, _subject(text, m.start()), m.span()))
        out.cite("deadlines", m.span())


def _subject(text: str, at: int) -> str:
    """The words of a clause before ``at`` ("Peace talks between the government and the
    Houthis"), without a dateline or a lead-in ("Under the deal,")."""
    before = text[:at]
    cut = max(before.rfind(", "), before.rfind("; "), before.rfind(" and the two sides "))
    words = before[cut + 1 :].strip(" ,")
    words = re.sub(r"^(?:and|but|while|that|under the \w+)\s+", "", words, flags=re.IGNORECASE)
    words = re.sub(r"\s+(?:are|is|were|was|will|would|should|must|to)$", "", words)
    return " ".join(words.split()[-10:]) or "deadline"


def deadline_what(text: str, at: int, end: int) -> str:
    """What a deadline is for: "set 1 August as the date by which a political transition
    should begin" → the words after "by which"; else the words before "by"."""
    after = re.match(
        r"\s+as (?:the|a) (?:date|deadline|target)(?: (?:by which|for))?\s+"
        r"([^.;,]{3,80})",
        text[end:],
    )
    if after is not None:
        return re.sub(r"\s+(?:should|must|would|will|to)\b.*$", "", after.group(1)).strip()
    before = text[:at]
    cut = max(before.rfind(","), before.rfind(" that "), before.rfind(" said "))
    words = before[cut + 1 :].strip()
    words = re.sub(r"^(?:that|said|the US|which)\s+", "", words, flags=re.I)
    return " ".join(words.split()[-8:]) or "deadline"
