"""The day a truce deadline names ("by 1 August", "August 1", "the end of July")."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from trucewatch.model.time import zone

__all__ = ["deadline_day"]

_MONTH_NUM = {
    m: i
    for i, names in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
    for m in (names,)
}


def deadline_day(text: str, published: datetime, tz: str) -> date | None:
    """The day a deadline names ("1 August", "August 1", "the end of July"), in the future of
    ``published`` when no year is written (a deadline is ahead)."""
    day_m = re.search(r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]{3})[a-z]*", text)
    month_day = re.search(r"([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})\b", text)
    year_m = re.search(r"\b((?:19|20)\d\d)\b", text)
    today = published.astimezone(zone(tz)).date()
    if day_m and day_m.group(2).lower() in _MONTH_NUM:
        month, day = _MONTH_NUM[day_m.group(2).lower()], int(day_m.group(1))
    elif month_day and month_day.group(1).lower() in _MONTH_NUM:
        month, day = _MONTH_NUM[month_day.group(1).lower()], int(month_day.group(2))
    else:
        word = re.search(r"([A-Za-z]{3})[a-z]*", text.split()[-1] if text.split() else "")
        if word is None or word.group(1).lower() not in _MONTH_NUM:
            return None
        month = _MONTH_NUM[word.group(1).lower()]
        day = 1 if re.search(r"beginning|early", text, re.I) else 0  # 0: the month's last
    year = int(year_m.group(1)) if year_m else today.year
    if day == 0:
        following = date(year + month // 12, month % 12 + 1, 1)
        day = (following - timedelta(days=1)).day
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    if year_m is None and found < today:
        found = date(year + 1, month, day)
    return found
