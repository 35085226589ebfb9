"""trucewatch extract and trucewatch evaluate extraction."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from trucewatch.cli._common import (
    EXIT_ROWS_REFUSED,
    DbOption,
    Format,
    FormatOption,
    console,
    emit,
    fails_cleanly,
    open_store,
)
from trucewatch.cli.drafts import DRAFT_COLUMNS, draft_record
from trucewatch.drafts import drafts_from_articles, save_drafts
from trucewatch.errors import RowError, ValidationError
from trucewatch.text import Article, Gazetteer, default_gazetteer, extract_articles, read_articles
from trucewatch.text.clean import parse_published
from trucewatch.text.embedded import user_cache_dir
from trucewatch.text.evaluate import evaluate_extraction
from trucewatch.text.geonames import gazetteer_dir
from trucewatch.text.packs import DEFAULT_COUNTRIES
from trucewatch.text.pipeline import Extraction
from trucewatch.text.splits import DEFAULT_FOLDS, DEFAULT_SEED
from trucewatch.text.type_step import DEFAULT_TYPES, check_types

evaluate_app = typer.Typer(no_args_is_help=True, help="Score the pipelines on annotated data.")

EXTRACT_COLUMNS = ("event_id", "type", "place", "local_start", "side_a", "side_b", "killed", "conf")


def _record(x: Extraction) -> dict[str, Any]:
    e = x.event
    return {
        "event_id": e.event_id,
        "type": e.event_type,
        "place": e.where.place,
        "lat": e.where.lat,
        "lon": e.where.lon,
        "radius_km": e.where.radius_km,
        "location_precision": e.where.precision.value,
        "admin1": e.where.admin1,
        "time_start": e.when.start,
        "time_end": e.when.end,
        "date_precision": e.date_precision.value,
        "local_start": e.when.start.isoformat(),
        "side_a": e.actors.side_a,
        "side_b": e.actors.side_b,
        "perpetrator": e.actors.perpetrator,
        "target": e.actors.target,
        "killed": e.fatalities.best,
        "killed_low": e.fatalities.low,
        "killed_high": e.fatalities.high,
        "sentence": x.sentence,
        "sentence_index": x.sentence_index,
        "start": x.start,
        "end": x.end,
        "conf": round(x.confidence, 2),
        "url": e.provenance.url,
        "headline": e.provenance.headline,
    }


STATEMENT_COLUMNS = ("draft_id", "act", "scope", "start", "duration_h", "extends", "conf")


def _statements(article: Article, gazetteer: Gazetteer) -> list[dict[str, Any]]:
    """One record per truce of ``article`` (its draft, with the agreement YAML or extension)."""
    article.require_published("truce start dates ('starting on Thursday')")
    found, _refused = drafts_from_articles([article], article.id, gazetteer=gazetteer)
    return [
        draft_record(d)
        | {"sentence": d.sentence, "draft_yaml": d.yaml_text, "statement": d.statement}
        for _truce, d in found
    ]


@fails_cleanly
def extract(
    file: Annotated[
        Path, typer.Argument(help="Text, HTML or JSON-lines articles.", exists=True, dir_okay=False)
    ],
    published: Annotated[
        str | None,
        typer.Option(help="When a text or HTML file was published, ISO 8601 with an offset."),
    ] = None,
    statements: Annotated[
        bool,
        typer.Option(
            "--statements",
            help="Print the truces the articles report (one draft per truce: declared, "
            "agreed, extended, accepted, rejected, accused, suspended, ended) instead of events.",
        ),
    ] = False,
    split_incidents: Annotated[
        bool,
        typer.Option(
            "--split-incidents",
            help="One event per incident when a sentence reports several at different places "
            "(off by default: see docs/news.md).",
        ),
    ] = False,
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country",
            help="The ISO code of a country the articles are about (its pack's places and "
            "names of the sides; repeat for several). Default: SY.",
        ),
    ] = None,
    types: Annotated[
        str,
        typer.Option(
            help="Who types an event sentence: rules (keywords) or model (the learned head, "
            "slower: docs/news.md).",
        ),
    ] = DEFAULT_TYPES,
    save: Annotated[
        bool,
        typer.Option(
            "--save",
            help="With --statements: store each truce as a draft agreement for review "
            "(trucewatch drafts list; trucewatch agreements accept DRAFT_ID). Idempotent.",
        ),
    ] = False,
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Find events in news articles and print them, with the sentence each came from.

    An article that cannot be read or dated is reported on stderr and skipped (exit code 1);
    the others are still printed.
    """
    when = None if published is None else parse_published(published, "--published")
    if save and not statements:
        raise typer.BadParameter("--save stores truce statements: give --statements too")
    gazetteer = default_gazetteer(
        gazetteer_dir(), cache_dir=user_cache_dir(), countries=country or DEFAULT_COUNTRIES
    )
    if save:
        _save_drafts(file, when, fmt, db, gazetteer)
        return
    found: list[dict[str, Any]] = []
    refused = 0
    if statements:
        for article in read_articles(file, published=when):
            try:
                found.extend(_statements(article, gazetteer))
            except ValidationError as exc:
                refused += 1
                typer.echo(f"{file}: {exc}", err=True)
        emit(found, fmt, STATEMENT_COLUMNS, keep_whole=("draft_id",))
    else:
        articles = extract_articles(
            file,
            gazetteer=gazetteer,
            published=when,
            split_incidents=split_incidents,
            types=check_types(types),
        )
        for item in articles:
            if isinstance(item, RowError):
                refused += 1
                typer.echo(str(item), err=True)
            else:
                found.extend(_record(x) for x in item.extractions)
        emit(found, fmt, EXTRACT_COLUMNS, keep_whole=("event_id",))
    if refused:
        raise typer.Exit(EXIT_ROWS_REFUSED)


def _save_drafts(
    file: Path, when: datetime | None, fmt: Format, db: Path | None, gazetteer: Gazetteer
) -> None:
    with open_store(db) as store:
        report = save_drafts(store, file, published=when, gazetteer=gazetteer)
    for message in report.refused:
        typer.echo(message, err=True)
    records = [draft_record(d) for d in report.drafts]
    emit(records, fmt, DRAFT_COLUMNS, keep_whole=("draft_id",))
    typer.echo(
        f"{file}: {report.added} draft(s) stored, {report.already_stored} already stored",
        err=True,
    )
    if report.refused:
        raise typer.Exit(EXIT_ROWS_REFUSED)


@evaluate_app.command(
    "extraction",
    epilog="Example: trucewatch evaluate extraction --dataset fakes --data-dir ../shared/data",
)
@fails_cleanly
def evaluate(
    dataset: Annotated[str, typer.Option(help="fakes, ged-headlines or case2021.")],
    data_dir: Annotated[
        Path,
        typer.Option(help="A folder laid out like ../shared/data.", exists=True, file_okay=False),
    ] = Path("../shared/data"),
    folds: Annotated[
        int, typer.Option(min=2, help="Folds of the place ranker's cross-validation.")
    ] = DEFAULT_FOLDS,
    seed: Annotated[int, typer.Option(help="Seed of the folds.")] = DEFAULT_SEED,
    fmt: FormatOption = Format.table,
) -> None:
    """Score the news pipeline on annotated data, beside a simple baseline, in the same run;
    the place metrics also for the learned place ranker, cross-validated (the split is shown)."""
    scores = evaluate_extraction(dataset, data_dir, folds=folds, seed=seed)
    if fmt is Format.json:
        sys.stdout.write(json.dumps(scores) + "\n")
        return
    columns = ("metric", "system", "baseline", "ranker", "n", "split")
    if fmt is Format.csv:
        emit([{"metric": k, **v} for k, v in scores.items()], fmt, columns)
        return
    if not scores:
        raise ValidationError(f"no metric could be computed for {dataset!r} from {data_dir}")
    rows = [
        {
            "metric": metric,
            "system": f"{v['system']:.3f}",
            "baseline": f"{v['baseline']:.3f}",
            "ranker": f"{v['ranker']:.3f}" if "ranker" in v else "",
            "n": int(v["n"]),
        }
        for metric, v in scores.items()
    ]
    emit(rows, fmt, columns[:-1], keep_whole=("metric",))
    for metric, v in scores.items():
        if "split" in v:
            console.print(f"{metric}: {v['split']}", style="dim")
    console.print(
        f"dataset {dataset}, files from {data_dir}; system = the rules, ranker = the place "
        "ranker fitted on the other folds",
        style="dim",
    )


@evaluate_app.command(
    "case2021",
    epilog="Example: trucewatch evaluate case2021 --data-dir ../shared/data --folds 5",
)
@fails_cleanly
def evaluate_case2021_command(
    data_dir: Annotated[
        Path,
        typer.Option(help="A folder laid out like ../shared/data.", exists=True, file_okay=False),
    ] = Path("../shared/data"),
    folds: Annotated[
        int, typer.Option(help="Folds of the cross-validation.", min=2)
    ] = DEFAULT_FOLDS,
    seed: Annotated[int, typer.Option(help="Seed of the folds.")] = DEFAULT_SEED,
    fmt: FormatOption = Format.table,
) -> None:
    """Event types on CASE 2021 task 2, cross-validated: keyword rules vs the learned head.

    Taxonomy macro-F1 and weighted F1 over the 30 CASE labels, on the same seeded folds; the
    head is trained on the other folds and the ACLED notes, its hyper-parameters chosen inside
    them. Encoding the ~5,500 texts takes minutes once; the vectors are kept in the user cache.
    """
    from trucewatch.text.case2021_cv import cross_validate_case2021

    scores = cross_validate_case2021(data_dir, folds, seed, cache_dir=user_cache_dir() / "vectors")
    if fmt is Format.json:
        sys.stdout.write(json.dumps(scores.as_dict()) + "\n")
        return
    rows: list[dict[str, Any]] = [{"metric": metric, **v} for metric, v in scores.metrics.items()]
    if fmt is not Format.csv:
        rows = [
            {
                "metric": metric,
                **{k: f"{x:.3f}" for k, x in v.items() if k != "n"},
                "n": int(v["n"]),
            }
            for metric, v in scores.metrics.items()
        ]
    emit(rows, fmt, ("metric", "rules", "model", "majority", "n"), keep_whole=("metric",))
    if fmt is Format.table:
        chosen = ", ".join(choice.describe() for choice in scores.chosen)
        console.print(f"{scores.split.describe()}; chosen per fold: {chosen}", style="dim")


@evaluate_app.command(
    "statements",
    epilog="Example: trucewatch evaluate statements --split dev",
)
@fails_cleanly
def evaluate_statements_command(
    split: Annotated[
        str, typer.Option(help="dev, held or all (the labelled truce articles' folders).")
    ] = "dev",
    fmt: FormatOption = Format.table,
) -> None:
    """Truce statements, drafts, claims and non-events on the labelled truce articles, field
    by field per split (docs/news.md, "Truce articles: the labelled set"). Parts missing from
    this version are shown as "not available"."""
    from trucewatch.text.statement_eval import evaluate_statements

    scores = evaluate_statements(split)
    if fmt is Format.json:
        sys.stdout.write(json.dumps(scores.as_dict()) + "\n")
        return
    rows = scores.rows()
    emit(rows, fmt, list(rows[0]), keep_whole=("field",))
    if fmt is Format.table:
        for part, reason in scores.unavailable.items():
            console.print(f"{part}: {reason}", style="dim")
