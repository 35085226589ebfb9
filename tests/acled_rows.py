"""Hand-written ACLED rows for the tests (a module beside conftest.py, so that any test and
module-scoped fixture can import it): the columns of an ACLED export of 2024
(``tests/fixtures/sources/acled_current.csv``), events in Aleppo city in May 2016."""

from __future__ import annotations

from pathlib import Path

ACLED_HEADER = (
    "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,"
    "sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,"
    "country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,timestamp,iso3"
)
#: Aleppo city (inside the shipped agreement aleppo-calm-2016-05's scope)
ALEPPO = (36.2, 37.16)
#: Latakia, outside that scope
LATAKIA = (35.52, 35.79)


def acled_row(
    number: int,
    day: str = "2016-05-06",
    *,
    where: tuple[float, float] = ALEPPO,
    fatalities: int = 3,
    timestamp: int = 1_600_000_000,
    actor2: str = "Opposition Rebels (Syria)",
) -> str:
    """One ACLED row: event ``SYR<number>`` (stored as ``acled:SYR<number>``), shelling by
    the Syrian army on ``day`` at ``where`` (lat, lon)."""
    lat, lon = where
    return (
        f"{9_000_000 + number},760,SYR{number},{number},{day},{day[:4]},1,"
        "Explosions/Remote violence,Shelling/artillery/missile attack,"
        f"Military Forces of Syria (2000-),,1,{actor2},,2,12,Middle East,Syria,Aleppo,"
        f"Jebel Saman,Aleppo,Aleppo,{lat},{lon},1,SOHR,Local partner-Other,"
        f"Shelling of a neighbourhood.,{fatalities},{timestamp},SYR"
    )


def acled_file(path: Path, rows: list[str]) -> Path:
    """``rows`` under the header, written to ``path``."""
    path.write_text("\n".join([ACLED_HEADER, *rows]) + "\n", encoding="utf-8")
    return path
