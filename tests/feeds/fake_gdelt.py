"""A fake GDELT 2.0 file server on 127.0.0.1 (real sockets, a thread): ``lastupdate.txt``,
``masterfilelist.txt`` (HTTP ranges of its tail honoured, as GDELT's server does) and export
zips built here from hand-written rows in the 61-column layout of a GDELT 2.0 export (the
values are made up in the shape of ../shared/data/gdelt2_events_sample; no row is copied).

It can publish a slot, leave a slot out of the master list or of the server, serve a truncated
archive or one whose MD5 is not the listed one, and answer any path with a status (429 with
Retry-After, 403, 500, 404) a given number of times.
"""

from __future__ import annotations

import hashlib
import io
import threading
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from trucewatch.sources.gdelt import GDELT2_COLUMNS

__all__ = ["FakeGdelt", "export_row", "export_zip", "running_gdelt"]


def export_row(
    event_id: int,
    *,
    added: str,
    country: str = "SY",
    place: str = "Aleppo, Halab, Syria",
    lat: float = 36.2021,
    lon: float = 37.1343,
    code: str = "190",
) -> str:
    """One headerless export row (61 tab-separated fields) of a city-level event."""
    values = dict.fromkeys(GDELT2_COLUMNS, "")
    day = added[:8]
    values |= {
        "GLOBALEVENTID": str(event_id),
        "SQLDATE": day,
        "MonthYear": day[:6],
        "Year": day[:4],
        "FractionDate": f"{day[:4]}.8575",
        "Actor1Code": "SYRGOV",
        "Actor1Name": "SYRIA",
        "Actor2Code": "SYRREB",
        "Actor2Name": "REBEL",
        "IsRootEvent": "1",
        "EventCode": code,
        "EventBaseCode": code,
        "EventRootCode": code[:2],
        "QuadClass": "4",
        "GoldsteinScale": "-10.0",
        "NumMentions": "2",
        "NumSources": "1",
        "NumArticles": "2",
        "AvgTone": "-5.1",
        "ActionGeo_Type": "4",
        "ActionGeo_FullName": place,
        "ActionGeo_CountryCode": country,
        "ActionGeo_Lat": str(lat),
        "ActionGeo_Long": str(lon),
        "ActionGeo_FeatureID": "-1",
        "DATEADDED": added,
        "SOURCEURL": f"https://example.org/news/{event_id}",
    }
    return "\t".join(values[name] for name in GDELT2_COLUMNS)


def export_zip(slot: str, rows: Sequence[str], suffix: str = ".export.CSV") -> bytes:
    """A zipped export of ``rows``, its one member named as GDELT names it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo(slot + suffix, date_time=(2020, 11, 13, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, "".join(row + "\n" for row in rows))
    return buffer.getvalue()


@dataclass
class FakeGdelt:
    """What the server publishes. ``base_url`` is set once it runs."""

    base_url: str = ""
    #: slot -> the zip served (in publication order)
    files: dict[str, bytes] = field(default_factory=dict)
    #: slots whose line is missing from the master list
    unlisted: set[str] = field(default_factory=set)
    #: slots announced in the lists but answered 404
    gone: set[str] = field(default_factory=set)
    #: slots served cut in half (the lists give the whole size and MD5)
    truncated: set[str] = field(default_factory=set)
    #: slots whose listed MD5 is not the file's
    wrong_md5: set[str] = field(default_factory=set)
    #: path (e.g. "lastupdate.txt") -> [status, headers, times left]
    answers: dict[str, list] = field(default_factory=dict)
    #: every request: (path, Range header or "")
    requests: list[tuple[str, str]] = field(default_factory=list)
    translated: bool = False

    def publish(self, slot: str, rows: Sequence[str], *, listed: bool = True) -> None:
        self.files[slot] = export_zip(slot, rows, self._suffix[:-4])
        if not listed:
            self.unlisted.add(slot)

    def answer(self, path: str, status: int, headers: dict[str, str] | None = None, times=1):
        self.answers[path] = [status, headers or {}, times]

    @property
    def _suffix(self) -> str:
        return ".translation.export.CSV.zip" if self.translated else ".export.CSV.zip"

    def _lines(self, slot: str) -> list[str]:
        data = self.files[slot]
        md5 = hashlib.md5(data).hexdigest()
        if slot in self.wrong_md5:
            md5 = hashlib.md5(data + b"x").hexdigest()
        url = f"{self.base_url}{slot}"
        fake = hashlib.md5(slot.encode()).hexdigest()
        return [
            f"{len(data)} {md5} {url}{self._suffix}",
            f"{len(data) * 2} {fake} {url}.mentions.CSV.zip",
            f"{len(data) * 9} {fake} {url}.gkg.csv.zip",
        ]

    def lastupdate(self) -> bytes:
        return ("\n".join(self._lines(max(self.files))) + "\n").encode()

    def master(self) -> bytes:
        head = [f"{10**6} {'0' * 32} {self.base_url}20150218224500{self._suffix}"]
        lines = [
            line for s in sorted(self.files) if s not in self.unlisted for line in self._lines(s)
        ]
        return ("\n".join(head + lines) + "\n").encode()

    def body(self, path: str) -> tuple[int, dict[str, str], bytes]:
        canned = self.answers.get(path)
        if canned and canned[2] > 0:
            canned[2] -= 1
            return canned[0], canned[1], b"canned answer\n"
        tail = "-translation" if self.translated else ""
        if path == f"lastupdate{tail}.txt" and self.files:
            return 200, {}, self.lastupdate()
        if path == f"masterfilelist{tail}.txt":
            return 200, {}, self.master()
        slot = path[:14]
        if path == slot + self._suffix and slot in self.files and slot not in self.gone:
            data = self.files[slot]
            return 200, {}, data[: len(data) // 2] if slot in self.truncated else data
        return 404, {}, b"not found\n"


class _Handler(BaseHTTPRequestHandler):
    fake: FakeGdelt

    def do_GET(self) -> None:
        path = self.path.split("?")[0].removeprefix("/gdeltv2/")
        wanted = self.headers.get("Range", "")
        self.fake.requests.append((path, wanted))
        status, headers, body = self.fake.body(path)
        if status == 200 and wanted.startswith("bytes=-"):
            size = min(len(body), int(wanted.removeprefix("bytes=-")))
            start = len(body) - size
            headers = {"Content-Range": f"bytes {start}-{len(body) - 1}/{len(body)}"}
            status, body = 206, body[start:]
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def running_gdelt(fake: FakeGdelt | None = None) -> Iterator[FakeGdelt]:
    """``fake`` served on 127.0.0.1 (a free port) for the ``with`` block."""
    fake = fake or FakeGdelt()
    handler = type("Handler", (_Handler,), {"fake": fake})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}/gdeltv2/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
