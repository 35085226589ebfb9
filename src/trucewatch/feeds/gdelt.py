"""GDELT 2.0's 15-minute event exports as a live feed, ``gdelt_15min.v1``.

Every 15 minutes GDELT 2.0 publishes an event export (``YYYYMMDDHHMMSS.export.CSV.zip``) and
announces it in ``lastupdate.txt`` (``lastupdate-translation.txt`` for the stream translated
from 65 languages), one line per file: ``size md5 url``. ``masterfilelist.txt`` (and
``masterfilelist-translation.txt``) lists every file ever published, oldest first, in the same
format. A pull takes the slots after the cursor's, up to the latest announced: the latest from
``lastupdate``, the ones before it (a slot missed while the monitor was down, or one that
failed) from the tail of the master list, at most ``max_slots`` per pull (``Pull.more`` when
more remain). Each file's size and MD5 are checked against its list line and the archive is
tested before anything is written: a wrong one is a :class:`~trucewatch.errors.FeedError`
("bad data"), nothing of that slot is written and the slot is tried again at the next pull.
A slot that neither list names and the server does not have (404) was never published (GDELT
has such gaps): the note says so and the cursor moves past it.

GDELT is world-wide (~1,000-3,000 events a slot); ``countries`` (FIPS 10-4 codes of
``ActionGeo_CountryCode``, as GDELT writes them: Syria ``SY``, Azerbaijan ``AJ``) keeps only the
rows placed there, written as a plain export (``.CSV``) for the ``gdelt`` adapter, which has no
such option. Rows too short to hold that column are kept, so that the adapter reports them.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn

import httpx

from trucewatch.errors import FeedError, SourceError
from trucewatch.feeds._open_get import open_get
from trucewatch.feeds._options import count_option, flag_option
from trucewatch.feeds.base import Pull, register_feed
from trucewatch.sources.gdelt import GDELT2_COLUMNS

__all__ = ["DEFAULT_BASE_URL", "GdeltFeed", "ListedFile", "parse_list_line"]

DEFAULT_BASE_URL = "http://data.gdeltproject.org/gdeltv2/"
_SLOT = timedelta(minutes=15)
_SLOT_FORMAT = "%Y%m%d%H%M%S"
_COUNTRY_COLUMN = GDELT2_COLUMNS.index("ActionGeo_CountryCode")
_FIPS = re.compile(r"[A-Z]{2}")
#: bytes of the master list's tail read per slot looked back (3 files a slot, ~110 bytes a line)
_TAIL_BYTES_PER_SLOT = 512
_NEWLINE = b"\n"


@dataclass(frozen=True)
class ListedFile:
    """One export file as a list names it: its slot (``YYYYMMDDHHMMSS``), size, MD5, URL."""

    slot: str
    size: int
    md5: str
    url: str


def parse_list_line(line: str, suffix: str = ".export.CSV.zip") -> ListedFile | None:
    """The export file a ``lastupdate`` / ``masterfilelist`` line names (``size md5 url``), or
    None for another file (mentions, GKG, the other stream) or a line not in that format."""
    parts = line.split()
    if len(parts) != 3:
        return None
    size, md5, url = parts
    name = url.rsplit("/", 1)[-1]
    slot = name[:14]
    if name != slot + suffix or not slot.isdigit() or not size.isdigit():
        return None
    if not re.fullmatch(r"[0-9a-fA-F]{32}", md5):
        return None
    return ListedFile(slot, int(size), md5.lower(), url)


def _slot_time(slot: str, where: str) -> datetime:
    try:
        when = datetime.strptime(slot, _SLOT_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        raise SourceError(
            f"{where}: slot {slot!r} is not a GDELT 15-minute slot written YYYYMMDDHHMMSS"
        ) from None
    if when.minute % 15 or when.second:
        raise SourceError(f"{where}: slot {slot!r} is not on a quarter hour")
    return when


def _countries(value: str | Sequence[str] | None) -> frozenset[str]:
    if value is None:
        return frozenset()
    codes = value.replace(",", " ").split() if isinstance(value, str) else list(value)
    for code in codes:
        if not isinstance(code, str) or not _FIPS.fullmatch(code):
            raise SourceError(
                f"gdelt feed option countries: {code!r} is not a FIPS 10-4 country code "
                "(two capital letters, as in GDELT's ActionGeo_CountryCode: SY, AJ, AM)"
            )
    return frozenset(codes)


@dataclass(frozen=True)
class _Taken:
    """What one slot gave: the file written (if any), and with a country filter the rows read,
    kept, and kept because too short to place; ``missing`` when it was never published."""

    path: Path | None
    rows: int = 0
    kept: int = 0
    short: int = 0
    missing: bool = False


@register_feed("gdelt")
class GdeltFeed:
    """GDELT 2.0 event exports, slot by slot (options: ``base_url``, ``translated``,
    ``max_slots``, ``countries``, ``name``)."""

    kind = "gdelt"
    version = "gdelt_15min.v1"
    every = timedelta(minutes=15)

    def __init__(
        self,
        name: str = "gdelt",
        base_url: str = DEFAULT_BASE_URL,
        translated: bool = False,
        max_slots: int = 16,
        countries: str | Sequence[str] | None = None,
    ) -> None:
        self.name = name
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.translated = flag_option("gdelt", "translated", translated)
        self.max_slots = count_option("gdelt", "max_slots", max_slots)
        self.countries = _countries(countries)
        self._codes = "-".join(sorted(self.countries))
        tail = "-translation" if self.translated else ""
        self._lastupdate = f"{self.base_url}lastupdate{tail}.txt"
        self._master_list = f"{self.base_url}masterfilelist{tail}.txt"
        self._suffix = ".translation.export.CSV.zip" if self.translated else ".export.CSV.zip"
        #: list lines read from the master list during this feed's life (slot -> file)
        self._listed: dict[str, ListedFile] = {}

    def pull(self, cursor: Mapping[str, Any] | None, spool: Path) -> Pull:
        """The export files of the slots after ``cursor["slot"]`` (the latest slot only on the
        first pull), checked and written in ``spool``; the cursor names the last slot taken."""
        latest = self._latest()
        if cursor is None or cursor.get("slot") is None:
            wanted = [latest.slot]
            after = None
        else:
            after = str(cursor["slot"])
            start = _slot_time(after, f"{self.name} cursor") + _SLOT
            end = _slot_time(latest.slot, self._lastupdate)
            count = max(0, (end - start) // _SLOT + 1)
            wanted = [(start + i * _SLOT).strftime(_SLOT_FORMAT) for i in range(count)]
        if not wanted:
            return Pull(
                self.name, "gdelt", cursor=dict(cursor or {}), note=f"no slot after {after}"
            )
        take = wanted[: self.max_slots]
        more = len(wanted) > len(take)
        listed = {latest.slot: latest}
        if any(slot not in listed for slot in take):
            listed |= self._from_master(take, latest.slot)
        spool.mkdir(parents=True, exist_ok=True)
        done: list[tuple[str, _Taken]] = []
        stopped = ""
        for slot in take:
            try:
                done.append((slot, self._take(slot, listed.get(slot), spool)))
            except FeedError as exc:
                if not done:
                    raise
                stopped = f"stopped before {slot} ({exc.state}: {exc})"
                more = exc.state == "bad data"  # at once: the next pull reports the failure
                break
        files = tuple(t.path for _, t in done if t.path is not None)
        notes = [f"{len(done)} slot(s) {done[0][0]}..{done[-1][0]}, {len(files)} file(s)"]
        if self.countries:
            kept, rows = sum(t.kept for _, t in done), sum(t.rows for _, t in done)
            notes.append(f"{kept:,} of {rows:,} rows in {self._codes}")
            short = sum(t.short for _, t in done)
            notes[-1] += f" ({short:,} too short to place, kept)" if short else ""
        missing = [slot for slot, t in done if t.missing]
        if missing:
            notes.append(f"not published (404, in neither list): {', '.join(missing)}")
        return Pull(
            self.name,
            "gdelt",
            files=files,
            cursor={"slot": done[-1][0]},
            more=more,
            note="; ".join([*notes, *([stopped] if stopped else [])]),
        )

    # -- the lists ----------------------------------------------------------------------------

    def _latest(self) -> ListedFile:
        response = self._fetch(self._lastupdate)
        for line in response.text.splitlines():
            found = parse_list_line(line, self._suffix)
            if found is not None:
                return found
        raise FeedError(
            f"GDELT: {self._lastupdate} names no {self._suffix} file (is base_url a GDELT 2.0 "
            "folder?); tried again next pull",
            feed=self.name,
            state="bad data",
        )

    def _from_master(self, slots: Sequence[str], latest: str) -> dict[str, ListedFile]:
        """The master list's lines for ``slots``, read from its tail (an HTTP range, doubled
        until it reaches back to the first slot, or the whole list if the server sends it)."""
        if all(slot in self._listed for slot in slots):
            return {s: self._listed[s] for s in slots}
        back = (_slot_time(latest, "") - _slot_time(slots[0], "")) // _SLOT + 2
        size = max(65536, back * _TAIL_BYTES_PER_SLOT)
        while True:
            response = self._fetch(self._master_list, headers={"Range": f"bytes=-{size}"})
            span = response.headers.get("content-range", "")
            partial = response.status_code == 206 and not span.startswith("bytes 0-")
            lines = response.text.split("\n")[1 if partial else 0 :]  # a range's 1st may be cut
            entries = [e for e in (parse_list_line(x, self._suffix) for x in lines) if e]
            if not partial or (entries and entries[0].slot <= slots[0]):
                break
            size *= 4
        self._listed.update((e.slot, e) for e in entries if e.slot >= slots[0])
        return {s: self._listed[s] for s in slots if s in self._listed}

    # -- one slot -----------------------------------------------------------------------------

    def _take(self, slot: str, listed: ListedFile | None, spool: Path) -> _Taken:
        url = listed.url if listed else f"{self.base_url}{slot}{self._suffix}"
        response = self._fetch(url, missing_ok=listed is None)
        if response.status_code == 404:
            return _Taken(None, missing=True)
        data = response.content
        if listed is not None:
            if len(data) != listed.size:
                self._bad(url, f"{len(data):,} bytes where the list says {listed.size:,}")
            md5 = hashlib.md5(data, usedforsecurity=False).hexdigest()
            if md5 != listed.md5:
                self._bad(url, f"MD5 {md5} where the list says {listed.md5}")
        member = self._member(url, data)
        name = url.rsplit("/", 1)[-1]
        if not self.countries:
            return _Taken(_write(spool / name, data))
        kept, rows, short = _filter_rows(member, self.countries)
        if not kept:
            return _Taken(None, rows=rows)
        path = spool / name.replace(".CSV.zip", f".{self._codes}.CSV")
        return _Taken(_write(path, kept), rows, kept.count(_NEWLINE), short)

    def _member(self, url: str, data: bytes) -> bytes:
        """The one file of the archive, read whole (its CRC checked), or "bad data"."""
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                members = [m for m in archive.infolist() if not m.is_dir()]
                if len(members) != 1:
                    self._bad(url, f"the archive holds {len(members)} files, not one")
                return archive.read(members[0])
        except (zipfile.BadZipFile, EOFError, zlib.error, OSError, ValueError) as exc:
            self._bad(url, f"not a readable zip archive ({exc})")

    def _bad(self, url: str, why: str) -> NoReturn:
        raise FeedError(
            f"GDELT: {url}: {why}: the download is damaged or the file changed; nothing of this "
            "slot was written, it is tried again at the next pull",
            feed=self.name,
            state="bad data",
        )

    def _fetch(
        self, url: str, *, headers: dict[str, str] | None = None, missing_ok: bool = False
    ) -> httpx.Response:
        response = open_get(url, feed=self.name, headers=headers)
        if response.status_code in (200, 206) or (missing_ok and response.status_code == 404):
            return response
        raise FeedError(
            f"GDELT: {url} answered HTTP {response.status_code}: the file is listed but cannot "
            "be read now; tried again next pull",
            feed=self.name,
            state="unavailable",
        )


def _filter_rows(member: bytes, countries: Iterable[str]) -> tuple[bytes, int, int]:
    """(the rows placed in ``countries``, rows read, rows too short to place)."""
    wanted = {c.encode() for c in countries}
    kept: list[bytes] = []
    total = short = 0
    for line in member.split(b"\n"):
        if not line.strip():
            continue
        total += 1
        fields = line.split(b"\t", _COUNTRY_COLUMN + 1)
        if len(fields) <= _COUNTRY_COLUMN:
            short += 1
            kept.append(line)
        elif fields[_COUNTRY_COLUMN] in wanted:
            kept.append(line)
    return b"".join(line + b"\n" for line in kept), total, short


def _write(path: Path, data: bytes) -> Path:
    """``data`` in ``path``, whole or not at all (written beside it, then renamed)."""
    part = path.with_name(path.name + ".part")
    part.write_bytes(data)
    os.replace(part, path)
    return path
