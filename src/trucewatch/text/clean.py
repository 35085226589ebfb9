"""Articles from files: plain text, HTML (page furniture removed by trafilatura) or JSON lines.

A JSON-lines file holds one article per line: ``id``, ``text`` or ``html``, ``published`` (ISO
8601 with an offset), optional ``source``, ``url``, ``title``. A text or HTML file is one
article whose id is the file's stem; its publication instant comes from the caller.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from trucewatch.errors import RowError, SourceError, ValidationError
from trucewatch.model.time import ensure_aware

__all__ = [
    "MAX_ARTICLE_CHARS",
    "Article",
    "html_to_text",
    "parse_published",
    "read_article_records",
    "read_articles",
]

_ID = re.compile(r"[^A-Za-z0-9_.\-]+")
#: days around a publication instant that dates in its text may reach ("last week")
_MARGIN_DAYS = 400
_RANGE = "write an instant in the years 2 to 9998"
#: the longest article text read (about 2 s of extraction; a news article is far shorter)
MAX_ARTICLE_CHARS = 1_000_000


@dataclass(frozen=True, slots=True)
class Article:
    """One news article: its id (no spaces), text and, when known, its publication instant."""

    id: str
    text: str
    published: datetime | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None

    def __post_init__(self) -> None:
        clean_id = _ID.sub("-", str(self.id)).strip("-")
        if not clean_id:
            raise ValidationError(f"article id {self.id!r} is empty")
        object.__setattr__(self, "id", clean_id)
        if self.published is not None:
            ensure_aware(self.published, f"article {clean_id}: published")
            if not in_range(self.published):
                raise ValidationError(
                    f"article {clean_id}: published {self.published.isoformat()} is out of the "
                    f"range trucewatch handles: {_RANGE}"
                )

    def require_published(self, needed_for: str) -> datetime:
        """The publication instant, or a ValidationError saying what it is ``needed_for``."""
        if self.published is None:
            raise ValidationError(
                f"article {self.id}: no publication instant; {needed_for} cannot be resolved "
                "(give 'published' in the file or --published ISO)"
            )
        return self.published


def parse_published(raw: str, where: str) -> datetime:
    """An ISO 8601 instant with an offset (``2016-04-28T10:00:00+03:00`` or ``...Z``)."""
    try:
        value = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        raise SourceError(
            f"{where}: published {raw!r} is not an ISO 8601 instant "
            "(write e.g. 2016-04-28T10:00:00+03:00)"
        ) from None
    if value.tzinfo is None:
        raise SourceError(
            f"{where}: published {raw!r} has no UTC offset (write e.g. 2016-04-28T10:00:00+03:00)"
        )
    if not in_range(value):
        raise SourceError(
            f"{where}: published {raw!r} is out of the range trucewatch handles: {_RANGE}"
        )
    return value


def in_range(published: datetime) -> bool:
    """Whether dates relative to ``published`` ("last week", "the day before") stay inside the
    calendar, in UTC and at every offset."""
    try:
        (published - timedelta(days=_MARGIN_DAYS)).astimezone(UTC)
        (published + timedelta(days=_MARGIN_DAYS)).astimezone(UTC)
    except OverflowError:
        return False
    return True


def html_to_text(html: str) -> str:
    """The main text of an HTML page: menus, 'skip to content', newsletter boxes and footers
    removed (trafilatura); falls back to the page's text without tags if nothing is found."""
    import trafilatura

    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_precision=True
    )
    if text:
        return text
    stripped = re.sub(r"(?is)<(script|style|nav|footer|header)\b.*?</\1>", " ", html)
    return " ".join(re.sub(r"<[^>]+>", " ", stripped).split())


def _html_title(html: str) -> str | None:
    match = re.search(r"(?is)<h1[^>]*>(.*?)</h1>", html) or re.search(
        r"(?is)<title[^>]*>(.*?)</title>", html
    )
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split()) or None if match else None


def _looks_like_html(text: str) -> bool:
    return bool(re.match(r"\s*(<!doctype html|<html|<\w+[^>]*>)", text, re.IGNORECASE))


def read_articles(path: Path, *, published: datetime | None = None) -> Iterator[Article]:
    """The articles of ``path`` (see the module docstring for the formats).

    ``published`` is used for text and HTML files, and for JSON lines that lack one.
    Raises :class:`SourceError` naming the file and line for unreadable input (the first bad
    line stops the reading: :func:`read_article_records` reports them all and goes on).
    """
    for record in read_article_records(path, published=published):
        if isinstance(record, RowError):
            field = f" ({record.field})" if record.field else ""
            raise SourceError(f"line {record.line} of {record.file}{field}: {record.reason}")
        yield record[1]


def read_article_records(
    path: Path, *, published: datetime | None = None
) -> Iterator[tuple[int, Article] | RowError]:
    """``(line, article)`` for each article of ``path``, and a :class:`RowError` (file, line,
    field, value, reason) for each bad line of a JSON-lines file, the reading going on.

    A file that cannot be read at all (missing, empty; a text or HTML file not UTF-8) raises
    :class:`SourceError`. A text or HTML file is one article, at line 1.
    """
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SourceError(f"{path}: cannot be read ({exc})") from exc
        if not data.removeprefix(_BOM).strip():
            raise SourceError(f"{path}: the file is empty")
        yield from _json_lines(path, data.removeprefix(_BOM), published)
        return
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: cannot be read as UTF-8 text ({exc})") from exc
    if not raw.strip():
        raise SourceError(f"{path}: the file is empty")
    if path.suffix.lower() in (".html", ".htm") or _looks_like_html(raw):
        text, title = html_to_text(raw), _html_title(raw)
    else:
        text, title = raw, None
    if len(text) > MAX_ARTICLE_CHARS:
        raise SourceError(f"{path}: {_too_long(text)}; nothing was read")
    yield 1, Article(path.stem, text, published, title)


def _too_long(text: str) -> str:
    return (
        f"the article's text is {len(text):,} characters long, more than the "
        f"{MAX_ARTICLE_CHARS:,} an article may have: split it into articles"
    )


_BOM = b"\xef\xbb\xbf"
#: what a bad line's RowError shows of its value
_SHOWN = 80
#: the optional fields of an article that must be strings when given
_TEXT_FIELDS = ("title", "url", "source")


class _BadLine(Exception):
    """One bad line of a JSON-lines file: the field, the value shown and the reason."""

    def __init__(self, field: str | None, value: object, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.value = None if value is None else _shown(value)
        self.reason = reason


def _shown(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _json_lines(
    path: Path, data: bytes, published: datetime | None
) -> Iterator[tuple[int, Article] | RowError]:
    # split at newlines only: str.splitlines() would also cut at U+2028 and other separators
    # that a JSON string may hold as they are
    for line_no, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            yield line_no, _article_of_line(raw.rstrip(b"\r"), path, line_no, published)
        except _BadLine as bad:
            yield RowError(str(path), line_no, bad.field, bad.value, bad.reason)


def _article_of_line(raw: bytes, path: Path, line_no: int, published: datetime | None) -> Article:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _BadLine(None, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise _BadLine(None, line, f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
    except RecursionError:
        raise _BadLine(None, line, "not valid JSON (nested too deeply)") from None
    if not isinstance(obj, dict):
        raise _BadLine(None, line, "expected a JSON object with id, text/html, published")
    for name in ("text", "html", "published", *_TEXT_FIELDS):
        if obj.get(name) is not None and not isinstance(obj[name], str):
            raise _BadLine(name, obj[name], f"{name!r} must be a string")
    article_id = obj.get("id")
    if article_id is not None and (
        isinstance(article_id, bool) or not isinstance(article_id, str | int)
    ):
        raise _BadLine("id", article_id, "'id' must be a string (or a whole number)")
    body = obj.get("text")
    title = obj.get("title")
    if not body and obj.get("html"):
        body = html_to_text(obj["html"])
        title = title if title is not None else _html_title(obj["html"])
    if not body or not body.strip():
        raise _BadLine("text", None, "the article has neither 'text' nor 'html'")
    if len(body) > MAX_ARTICLE_CHARS:
        raise _BadLine("text", None, _too_long(body))
    when = published
    if obj.get("published"):
        try:
            when = parse_published(obj["published"], f"line {line_no} of {path}")
        except SourceError as exc:
            raise _BadLine("published", obj["published"], str(exc)) from None
    try:
        return Article(
            str(article_id) if article_id not in (None, "") else f"{path.stem}-{line_no}",
            body,
            when,
            title,
            obj.get("url"),
            obj.get("source"),
        )
    except ValidationError as exc:
        if when is not None and not in_range(when):
            raise _BadLine("published", when.isoformat(), str(exc)) from None
        raise _BadLine("id", article_id, str(exc)) from None
