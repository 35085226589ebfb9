"""trucewatch claims extract | check: claims in news about how a truce is going, and whether
the data support them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from trucewatch.cli._common import (
    EXIT_ROWS_REFUSED,
    DbOption,
    Format,
    FormatOption,
    emit,
    fails_cleanly,
    open_store,
)
from trucewatch.errors import ValidationError
from trucewatch.text.statement_model import Claim

app = typer.Typer(
    no_args_is_help=True,
    help="Claims in news about how a truce is going, and whether the data support them.",
)

FileArgument = Annotated[
    Path,
    typer.Argument(
        help="Text, HTML or JSON-lines articles, or a claims file (claims extract -f json).",
        exists=True,
        dir_okay=False,
    ),
]
CountryOption = Annotated[
    str,
    typer.Option("--country", help="The ISO code of the country the articles are about."),
]
PublishedOption = Annotated[
    str | None,
    typer.Option(help="When a text or HTML file was published, ISO 8601 with an offset."),
]
CLAIM_COLUMNS = ("kind", "claimant", "area", "period_start", "period_end", "count", "sentence")
CHECK_COLUMNS = (
    "kind",
    "claimant",
    "verdict",
    "events_before",
    "events_during",
    "rate_ratio",
    "ci",
    "n",
    "reason",
)


def _claims(file: Path, country: str, published: str | None) -> tuple[list[Claim], int]:
    """The claims of ``file`` (a claims file, or articles read for them) and how many articles
    could not be read (each reported on stderr)."""
    from trucewatch.text import default_gazetteer, read_articles
    from trucewatch.text.claim_records import is_claims_file, read_claims
    from trucewatch.text.claims import find_claims
    from trucewatch.text.clean import parse_published
    from trucewatch.text.embedded import user_cache_dir
    from trucewatch.text.geonames import gazetteer_dir

    if is_claims_file(file):
        return read_claims(file), 0
    when = None if published is None else parse_published(published, "--published")
    gazetteer = default_gazetteer(gazetteer_dir(), cache_dir=user_cache_dir(), countries=(country,))
    found: list[Claim] = []
    refused = 0
    for article in read_articles(file, published=when):
        try:
            found.extend(find_claims(article, gazetteer, country=country))
        except ValidationError as exc:
            refused += 1
            typer.echo(f"{file}: {exc}", err=True)
    return found, refused


def claims_in(file: Path, country: str = "SY") -> list[Claim]:
    """The claims of a claims file, or of the articles in ``file`` (ValidationError when an
    article cannot be read: a report lists every claim it is given or stops)."""
    found, refused = _claims(file, country, None)
    if refused:
        raise ValidationError(f"{file}: {refused} article(s) could not be read for claims")
    return found


def _who(claim: Claim) -> str | None:
    c = claim.claimant
    return None if c is None else ", ".join(x for x in (c.person, c.office, c.state) if x)


def _row(claim: Claim) -> dict[str, Any]:
    from trucewatch.text.claim_records import claim_record

    area = "nationwide" if claim.nationwide else ", ".join(claim.scope) or None
    return claim_record(claim) | {"claimant": _who(claim), "area": area}


@app.command("extract", epilog="Example: trucewatch claims extract article.txt -f json > c.jsonl")
@fails_cleanly
def extract(
    file: FileArgument,
    country: CountryOption = "SY",
    published: PublishedOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Find claims about how a truce is going ("violence decreased", "the truce is holding",
    "12 violations in 24 hours"), with who makes them, where and over which period.

    With -f json the lines are a claims file: edit it and give it to claims check or report
    --claims. An article that cannot be read or dated is reported on stderr (exit code 1).
    """
    found, refused = _claims(file, country, published)
    if fmt is Format.json:
        from trucewatch.text.claim_records import claim_record

        emit([claim_record(c) for c in found], fmt, ())
    else:
        emit([_row(c) for c in found], fmt, CLAIM_COLUMNS)
    if refused:
        raise typer.Exit(EXIT_ROWS_REFUSED)


@app.command(
    "check", epilog="Example: trucewatch claims check c.jsonl --agreement aleppo-calm-2016-05"
)
@fails_cleanly
def check(
    file: FileArgument,
    agreement: Annotated[
        str | None,
        typer.Option(
            help="The stored agreement the claims are about: its scope is their area and its "
            "start the start of a period the claim leaves open.",
        ),
    ] = None,
    country: CountryOption = "SY",
    published: PublishedOption = None,
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Check each claim against the stored events: the effect on its area and period against
    as many days before, and whether the data support it (supported, contradicted, not
    enough data), with the numbers (docs/news.md, "Claims")."""
    from dataclasses import asdict

    from trucewatch.jobs import check_claim

    found, refused = _claims(file, country, published)
    rows = []
    with open_store(db, read_only=True) as store:
        for claim in found:
            result = check_claim(store, claim, agreement=agreement, country=country)
            record = _row(claim) | asdict(result)
            del record["claim"]
            ci = (result.ci_low, result.ci_high)
            record["ci"] = None if None in ci else f"{ci[0]:.2f}-{ci[1]:.2f}"
            if result.rate_ratio is not None:
                record["rate_ratio"] = round(result.rate_ratio, 3)
            rows.append(record)
    emit(rows, fmt, CHECK_COLUMNS)
    if refused:
        raise typer.Exit(EXIT_ROWS_REFUSED)
