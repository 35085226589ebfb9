"""The annotated texts the place ranker is trained and scored on, read from ``../shared/data``.

* FA-KES (``fakes_syria_news_annotated/fakes_syria_news_dev.csv``): one document per article
  (title and text); a candidate is right when its governorate is the ``location`` label (Rif
  Dimashq counted as "damascus", as the label does).
* UCDP GED 2016 (``ucdp_ged_syria/ged_syria_2016.csv``): one document per row with
  ``where_prec`` <= 2 and a ``source_headline`` (HTML-unescaped), the headline alone; a candidate
  is right when it lies within 50 km of the row's point. Rows of one headline text form a group
  (UCDP repeats a headline on the row of each place it reports), kept on one side of a split.
"""

from __future__ import annotations

import csv
import hashlib
import html
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from trucewatch.errors import SourceError
from trucewatch.text.clean import Article
from trucewatch.text.gazetteer import Gazetteer, Place
from trucewatch.text.place_rank import Candidate, candidates, feature_matrix, read_places

__all__ = [
    "FAKES_FILE",
    "FAKES_GOV",
    "GED_FILE",
    "WITHIN_KM",
    "Document",
    "fakes_documents",
    "ged_documents",
    "governorate",
    "km",
    "read_rows",
    "sha256",
]

FAKES_FILE = Path("fakes_syria_news_annotated") / "fakes_syria_news_dev.csv"
GED_FILE = Path("ucdp_ged_syria") / "ged_syria_2016.csv"
#: a headline's place is right within this distance of UCDP's point
WITHIN_KM = 50.0

#: FA-KES ``location`` labels -> our governorate names (Rif Dimashq is labelled "damascus")
FAKES_GOV = {
    "aleppo": "Aleppo",
    "damascus": "Damascus",
    "idlib": "Idlib",
    "deir ezzor": "Deir ez-Zor",
    "raqqa": "Ar-Raqqah",
    "homs": "Homs",
    "hasakeh": "Al-Hasakah",
    "hama": "Hama",
    "daraa": "Daraa",
    "lattakia": "Latakia",
    "quneitra": "Quneitra",
    "tartous": "Tartus",
    "sweida": "As-Suwayda",
    "suwayda": "As-Suwayda",
}
_SAME_AS = {"Rif Dimashq": "Damascus"}


def governorate(place: Place | None) -> str | None:
    """A place's governorate as FA-KES labels it (Rif Dimashq counted as Damascus)."""
    if place is None:
        return None
    name = place.admin1 if place.kind != "admin1" else place.name
    return _SAME_AS.get(name or "", name)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(a))


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file of the shared data."""
    if not path.is_file():
        raise SourceError(f"{path}: no such file (pass --data-dir with the shared data layout)")
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def sha256(path: Path) -> str:
    """The SHA-256 of a file, hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Document:
    """One scored text: its ``article``, ``group`` (rows of one group stay on one side of a
    split), ``month`` (of the event, for the time split), its candidates, which of them are
    right (``hits``) and the gold label (a governorate name, or ``(lat, lon)``)."""

    article: Article
    group: str
    month: int
    cands: tuple[Candidate, ...]
    hits: np.ndarray
    gold: object

    @property
    def features(self) -> np.ndarray:
        return feature_matrix(self.cands)


def fakes_documents(data_dir: Path, gazetteer: Gazetteer) -> list[Document]:
    """FA-KES articles with a governorate label, in file order (rows without one are left out);
    the group is the title (13 articles of the file are filed twice under another id)."""
    docs: list[Document] = []
    for row in read_rows(Path(data_dir) / FAKES_FILE):
        gold = FAKES_GOV.get(row["location"].strip().lower())
        if gold is None:
            continue
        published = datetime.fromisoformat(row["date_iso"] + "T12:00:00+02:00")
        article = Article(row["unit_id"], row["article_content"], published, row["article_title"])
        cands = tuple(candidates(read_places(article, gazetteer)))
        hits = np.array([governorate(c.match.place) == gold for c in cands], dtype=bool)
        # a story filed twice (under two ids, sometimes with two labels) is one group
        group = " ".join((row["article_title"] or row["article_content"][:300]).lower().split())
        docs.append(Document(article, group, published.month, cands, hits, gold))
    return docs


def ged_headline(row: dict[str, str]) -> str:
    """A GED row's headline as text (the file stores it HTML-escaped: ``Dar&#8217;a``)."""
    return html.unescape(row["source_headline"]).strip()


def ged_documents(data_dir: Path, gazetteer: Gazetteer) -> list[Document]:
    """GED 2016 rows with a precise point (``where_prec`` <= 2) and a headline, in file order;
    the group is the headline text."""
    docs: list[Document] = []
    read: dict[tuple[str, str], tuple[Candidate, ...]] = {}
    for row in read_rows(Path(data_dir) / GED_FILE):
        headline = ged_headline(row)
        if row["where_prec"].strip() not in ("1", "2") or not headline:
            continue
        lat, lon = float(row["latitude"]), float(row["longitude"])
        day = (row["source_date"] or row["date_start"])[:10]
        published = datetime.fromisoformat(day + "T12:00:00+02:00")
        article = Article(f"ged-{row['id']}", headline, published)
        key = (headline, day)
        if key not in read:
            read[key] = tuple(candidates(read_places(article, gazetteer)))
        cands = read[key]
        hits = np.array(
            [km(c.match.place.lat, c.match.place.lon, lat, lon) <= WITHIN_KM for c in cands],
            dtype=bool,
        )
        month = int(row["date_start"][5:7])
        docs.append(Document(article, headline, month, cands, hits, (lat, lon)))
    return docs


#: the readers by dataset name, as ``evaluate extraction --dataset`` names them
READERS: dict[str, Callable[[Path, Gazetteer], list[Document]]] = {
    "fakes": fakes_documents,
    "ged-headlines": ged_documents,
}
FILES: dict[str, Path] = {"fakes": FAKES_FILE, "ged-headlines": GED_FILE}
