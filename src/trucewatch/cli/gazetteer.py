"""trucewatch gazetteer load | list | info | remove: GeoNames places for the news extractor."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from trucewatch.cli._common import Format, FormatOption, console, emit, fails_cleanly
from trucewatch.text.embedded import user_cache_dir
from trucewatch.text.gazetteer import default_gazetteer
from trucewatch.text.geonames import (
    GAZETTEER_DIR_ENV,
    gazetteer_dir,
    load_source,
    remove_source,
    source_counts,
)
from trucewatch.text.packs import DEFAULT_COUNTRIES, shipped_packs

CountryOption = Annotated[
    list[str] | None,
    typer.Option(
        "--country",
        help="The ISO code of a country news is read for (repeat for several). Default: SY.",
    ),
]

app = typer.Typer(
    no_args_is_help=True,
    help="The gazetteer the news extractor uses: load GeoNames dumps or OCHA place layers "
    "for villages and districts.",
)

DirOption = Annotated[
    Path | None,
    typer.Option(
        "--dir",
        help=f"The gazetteer folder. Default: ${GAZETTEER_DIR_ENV}, else a folder in your data "
        "folder. extract / ingest news read the same default: set the variable if you use "
        "another folder.",
        envvar=GAZETTEER_DIR_ENV,
        file_okay=False,
    ),
]


@app.command("load", epilog="Example: trucewatch gazetteer load SY.txt")
@fails_cleanly
def load(
    file: Annotated[
        Path,
        typer.Argument(
            help="A GeoNames dump of any country (SY.txt, LB.txt, allCountries.txt) or an OCHA "
            "COD-AB GeoJSON layer (syr_neighborhoods, syr_admincapitals, syr_adminpoints, "
            "syr_admin3, syr_admin2; another country's with a pack); the format is told from "
            "the content.",
            exists=True,
        ),
    ],
    name: Annotated[
        str | None, typer.Option(help="Name of the source (default: the file name).")
    ] = None,
    country: Annotated[
        str,
        typer.Option(
            help="ISO code of the country whose places are kept; they are filed under its "
            "admin-1 units (its pack's, else the dump's own ADM1 rows)."
        ),
    ] = "SY",
    directory: DirOption = None,
) -> None:
    """Load a GeoNames dump or an OCHA place layer into the gazetteer used by extract and
    ingest news.

    Bad lines (GeoNames) or features (OCHA, by index in "features") are reported and skipped
    (exit code 1 if any); loading a source of the same name again replaces it.
    """
    folder = directory or gazetteer_dir()
    source, bad = load_source(file, name=name, country=country, directory=folder)
    for error in bad[:20]:
        typer.echo(f"skipped {error}", err=True)
    if len(bad) > 20:
        typer.echo(f"... and {len(bad) - 20} more bad line(s)", err=True)
    unit = "line(s)" if source.kind == "geonames" else f"feature(s) of {source.kind}"
    typer.echo(
        f"{file}: {source.places:,} places of {source.country} loaded as source "
        f"{source.name!r} ({len(bad)} bad {unit} skipped, {source.other:,} others left out)"
    )
    if bad:
        raise typer.Exit(1)


@app.command("list", epilog="Example: trucewatch gazetteer list")
@fails_cleanly
def list_sources(
    fmt: FormatOption = Format.table, directory: DirOption = None, country: CountryOption = None
) -> None:
    """Places by source: the embedded ones and each loaded GeoNames file (new = not already
    known from an earlier source; 0 for a source of a country not read)."""
    codes = tuple(country or DEFAULT_COUNTRIES)
    emit(
        source_counts(directory or gazetteer_dir(), cache_dir=user_cache_dir(), countries=codes),
        fmt,
        ("source", "kind", "places", "new", "bad_lines", "file"),
        keep_whole=("source",),
    )


@app.command("info", epilog="Example: trucewatch gazetteer info --format json")
@fails_cleanly
def info(
    fmt: FormatOption = Format.table, directory: DirOption = None, country: CountryOption = None
) -> None:
    """The gazetteer folder and what the extractor's gazetteer holds, by source and kind."""
    folder = directory or gazetteer_dir()
    codes = tuple(country or DEFAULT_COUNTRIES)
    if directory is not None:
        typer.echo(
            f"note: extract and ingest news read ${GAZETTEER_DIR_ENV} or the default folder",
            err=True,
        )
    gaz = default_gazetteer(folder, cache_dir=user_cache_dir(), countries=codes)
    by_kind = dict(Counter(p.kind for p in gaz))
    sources = source_counts(folder, cache_dir=user_cache_dir(), countries=codes)
    by_source = {str(s["source"]): int(s["new"]) for s in sources}
    data = {
        "folder": str(folder),
        "countries": list(gaz.countries),
        "packs": list(shipped_packs()),
        "places": len(gaz),
        "names": len(gaz.by_norm),
        "by_kind": by_kind,
        "by_source": by_source,
    }
    if fmt is Format.json:
        sys.stdout.write(json.dumps(data) + "\n")
        return
    if fmt is Format.csv:
        emit(
            [{"source": k, "places": v} for k, v in by_source.items()],
            fmt,
            ("source", "places"),
        )
        return
    console.print(f"folder: {folder}", highlight=False)
    console.print(
        f"countries: {', '.join(gaz.countries)} (packs shipped: {', '.join(shipped_packs())})",
        highlight=False,
    )
    console.print(f"places: {len(gaz):,} ({len(gaz.by_norm):,} names)", highlight=False)
    console.print(
        "by kind: " + ", ".join(f"{k} {v:,}" for k, v in sorted(by_kind.items())),
        highlight=False,
    )
    for s in sources:
        console.print(f"  {s['source']}: {s['new']:,} places", highlight=False)


@app.command("remove", epilog="Example: trucewatch gazetteer remove SY.txt")
@fails_cleanly
def remove(
    name: Annotated[str, typer.Argument(help="The source name (trucewatch gazetteer list).")],
    directory: DirOption = None,
) -> None:
    """Forget a loaded source: the extractor no longer uses its places."""
    source = remove_source(name, directory or gazetteer_dir())
    typer.echo(f"gazetteer source {source.name!r} removed ({source.places:,} places)")
