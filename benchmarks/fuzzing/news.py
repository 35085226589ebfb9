"""The news targets: JSON-lines files of real articles, mutated line by line and ingested with
the ``news`` adapter; and the text pipeline on hostile text: ``extract``, and the truce
statements, drafts and claims (issue 18).

Real articles are FA-KES's (``../shared/data/fakes_syria_news_annotated``) when present, else the
repo's fixtures. A good row is an article the mutation did not touch: all its events must be
stored as the unmutated excerpt stored them.
"""

from __future__ import annotations

import csv
import json
import random
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from typing import Any

from fuzzing.files import REPO, events_of, ingest, shared_data, where
from fuzzing.runner import Case, Outcome
from fuzzing.tables import Mutated

TEXT_FIXTURES = REPO / "tests" / "fixtures" / "text"
ARTICLES = 5
EXCERPTS = 6

NEWS_KINDS = {
    "bad_json": 2,
    "not_object": 1,
    "missing_text": 1,
    "bad_published": 2,
    "wrong_type": 2,
    "empty_id": 1,
    "dup_changed": 2,
    "dup_same": 1,
    "nul_in_text": 1,
    "raw_control": 1,
    "huge_numbers": 2,
    "rtl_text": 1,
    "long_line": 1,
    "line_separator": 1,
    "hostile_html": 1,
    "byte_flip": 2,
    "truncate": 1,
    "bom_start": 1,
    "crlf": 1,
    "empty": 1,
    "random_bytes": 1,
}

PIECES = [
    "10^400 killed",
    "killed 99999999999999999999999999999999999999 people in Aleppo",
    "at least 1e400 dead in Homs",
    "1,000,000,000,000,000,000,000 civilians were killed in Douma",
    "قتل خمسة مدنيين في حلب",
    "\u202eairstrike on Idlib\u202c",
    "\u200f\u0627\u0644\u0644\u0647\u200e",
    "on 31 December 9999",
    "on 1 January 0001",
    "yesterday at 25:99",
    "since late April",
    "Tags Syria Aleppo ",
    "Read Also",
    "(Reuters) ",
    "Barrel bombs hit Daraya; shelling killed three in Homs and clashes in Idlib",
    "The United States and Russia extended the truce to Aleppo from 00:01 on Thursday",
    "for 99999999999999999999 hours, excluding IS, by 31 December 9999",
    "violated the ceasefire 10^400 times",
    "أعلنت الحكومة هدنة لمدة 72 ساعة اعتباراً من منتصف ليل الخميس",
]


@cache
def articles() -> tuple[dict[str, Any], ...]:
    data = shared_data()
    path = (
        None if data is None else data / "fakes_syria_news_annotated" / "fakes_syria_news_dev.csv"
    )
    if path is not None and path.is_file():
        with path.open(encoding="utf-8") as stream:
            return tuple(
                {
                    "id": row["unit_id"],
                    "title": row["article_title"],
                    "text": row["article_content"],
                    "published": f"{row['date_iso']}T12:00:00+03:00",
                    "source": row["source"],
                }
                for row in csv.DictReader(stream)
                if row["date_iso"] and row["article_content"].strip()
            )
    out = []
    for name in ("articles.jsonl", "truce_statements.jsonl"):
        for line in (TEXT_FIXTURES / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                obj = json.loads(line)
                obj.setdefault("published", "2016-05-05T12:00:00+03:00")
                out.append(obj)
    return tuple(out)


def _excerpt(number: int) -> list[dict[str, Any]]:
    pool = articles()
    rng = random.Random(number * 104729)
    start = rng.randrange(max(1, len(pool) - ARTICLES + 1))
    return [dict(a) for a in pool[start : start + ARTICLES]]


def _lines(objs: list[Any]) -> list[str]:
    return [o if isinstance(o, str) else json.dumps(o, ensure_ascii=False) for o in objs]


def _data(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8", errors="surrogatepass")


def mutate_lines(objs: list[dict[str, Any]], kind: str, rng: random.Random) -> Mutated:
    """Articles as JSON lines, damaged as ``kind`` says (NEWS_KINDS)."""
    n = len(objs)
    i = rng.randrange(n)
    rows: list[Any] = [dict(o) for o in objs]
    one = rows[i]
    touched = {i}
    if kind == "bad_json":
        rows[i] = json.dumps(one)[: -rng.randint(1, 20)]
    elif kind == "not_object":
        rows[i] = rng.choice(["[1, 2]", '"text"', "42", "null", "true"])
    elif kind == "missing_text":
        one.pop("text", None)
        one.pop("html", None)
    elif kind == "bad_published":
        one["published"] = rng.choice(
            ["2016-05-05", "9999-12-31T23:00-12:00", "0001-01-01T00:00Z", 42, "", "yesterday"]
        )
    elif kind == "wrong_type":
        one[rng.choice(["id", "text", "title", "url", "published"])] = rng.choice(
            [42, 1.5, True, ["a"], {"b": 1}, 10**30]
        )
    elif kind == "empty_id":
        one["id"] = rng.choice(["!!!", " ", "\u202e", "\x00"])
    elif kind in ("dup_changed", "dup_same"):
        copy = dict(one)
        if kind == "dup_changed":
            copy["text"] = copy.get("text", "") + " Shelling killed two people in Homs."
        rows.insert(rng.randrange(i + 1, n + 1), copy)
        return Mutated(
            kind,
            _data(_lines(rows)),
            ".jsonl",
            touched=touched if kind == "dup_changed" else set(),
            conflict=kind == "dup_changed",
        )
    elif kind == "nul_in_text":
        text = one.get("text", "")
        pos = rng.randrange(len(text) + 1)
        one["text"] = text[:pos] + "\x00" + text[pos:]
    elif kind == "raw_control":
        line = json.dumps(one, ensure_ascii=False)
        pos = line.find('"text": "') + 9
        rows[i] = line[:pos] + chr(rng.randrange(0, 32)) + line[pos:]
    elif kind in ("huge_numbers", "rtl_text"):
        text = one.get("text", "")
        for _ in range(rng.randint(1, 4)):
            pos = rng.randrange(len(text) + 1)
            text = text[:pos] + " " + rng.choice(PIECES) + ". " + text[pos:]
        one["text"] = text
    elif kind == "long_line":
        one["text"] = (one.get("text", "") + " ") * rng.choice([50, 400, 2000])
    elif kind == "line_separator":
        one["text"] = one.get("text", "").replace(". ", ".\u2028", 3)
    elif kind == "hostile_html":
        one.pop("text", None)
        one["html"] = rng.choice(
            [
                "<html>" * 5000 + "Shelling killed 3 in Homs",
                "<![CDATA[" + "x" * 1000,
                "<p>Shelling killed 3 in <b>Homs</p></b>\x00<script>alert(1)</script>",
                "<?xml version='1.0'?><!DOCTYPE a [<!ENTITY b 'c'>]><a>&b;&b;</a>",
            ]
        )
    elif kind == "byte_flip":
        raw = bytearray(json.dumps(one, ensure_ascii=False).encode("utf-8"))
        for _ in range(rng.randint(1, 3)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        lines = _lines(rows)
        data = _data(lines[:i]) if i else b""
        data += bytes(raw) + b"\n" + (_data(lines[i + 1 :]) if i + 1 < n else b"")
        return Mutated(kind, data, ".jsonl", touched=touched)
    elif kind == "truncate":
        data = _data(_lines(rows))
        lines = _lines(rows)
        offset = len(_data(lines[:i])) if i else 0
        cut = offset + rng.randrange(1, max(2, len(lines[i].encode())))
        return Mutated(kind, data[:cut], ".jsonl", touched=touched, removed=set(range(i + 1, n)))
    elif kind in ("bom_start", "crlf"):
        data = _data(_lines(rows))
        data = b"\xef\xbb\xbf" + data if kind == "bom_start" else data.replace(b"\n", b"\r\n")
        return Mutated(kind, data, ".jsonl")
    elif kind == "empty":
        return Mutated(
            kind,
            rng.choice([b"", b"\n\n", b"\xef\xbb\xbf"]),
            ".jsonl",
            removed=set(range(n)),
            whole_file_refusal_ok=True,
        )
    elif kind == "random_bytes":
        data = bytes(rng.randrange(256) for _ in range(rng.choice([1, 100, 5000])))
        return Mutated(kind, data, ".jsonl", removed=set(range(n)), whole_file_refusal_ok=True)
    else:
        raise ValueError(f"unknown news mutation {kind!r}")
    # these make the line bad whatever the seed: the ingest must report it
    must_report = kind in (*_BAD_LINE, "wrong_type") and not (
        kind == "wrong_type" and isinstance(one.get("id"), int) and not isinstance(one["id"], bool)
    )
    return Mutated(kind, _data(_lines(rows)), ".jsonl", touched=touched, must_report=must_report)


_BAD_LINE = ("bad_json", "not_object", "missing_text", "bad_published", "empty_id", "raw_control")


@cache
def news_baseline(
    number: int,
) -> tuple[list[dict[str, Any]], dict[str, tuple[Any, ...]], dict[int, set[str]]]:
    objs = _excerpt(number)
    status, _report, stored, detail = ingest("news", _data(_lines(objs)), ".jsonl")
    if status == "traceback":
        raise RuntimeError(f"the unmutated news excerpt {number} failed: {detail}")
    by_article: dict[int, set[str]] = {}
    for index, obj in enumerate(objs):
        prefix = f"news:{obj['id']}-s"
        by_article[index] = {eid for eid in stored if eid.startswith(prefix)}
    return objs, stored, by_article


def run_news_case(case: Case) -> Outcome:
    from fuzzing.files import judge

    rng = random.Random(case.seed)
    objs, original, by_article = news_baseline(rng.randrange(EXCERPTS))
    mutated = mutate_lines(objs, case.kind, rng)
    status, report, stored, detail = ingest("news", mutated.data, mutated.suffix)
    # judge() counts by row -> event: give it every event of every article
    row_event: dict[int, str] = {}
    expanded = Mutated(mutated.kind, b"", "", set(), set(), mutated.whole_file_refusal_ok)
    k = 0
    for index, eids in by_article.items():
        for eid in sorted(eids):
            row_event[k] = eid
            if index in mutated.touched:
                expanded.touched.add(k)
            if index in mutated.removed:
                expanded.removed.add(k)
            k += 1
    outcome = judge(
        case,
        row_event,
        original,
        expanded,
        status,
        report,
        stored,
        detail,
        conflict=False,
        rows=k,
        ids_kept=False,
    )
    if status == "accepted" and report is not None and mutated.conflict and not report.errors:
        outcome.silent, outcome.detail = True, "a repeated article id with other text, no error"
    if status == "accepted" and report is not None and mutated.must_report and not report.errors:
        outcome.silent, outcome.detail = True, "a bad line neither stored nor reported"
    return outcome


TEXT_KINDS = {"real_mutated": 3, "pieces": 3, "random_unicode": 2, "extreme_published": 1}


def run_text_case(case: Case) -> Outcome:
    """One text through ``extract`` and the truce statements, drafts and claims: their
    answers, or an error of the tree."""
    from trucewatch.errors import TrucewatchError
    from trucewatch.text import Article, default_gazetteer, extract
    from trucewatch.text.claims import find_claims
    from trucewatch.text.statement_set import set_agreements
    from trucewatch.text.statements import find_statements
    from trucewatch.text.truce_drafts import draft_truces

    rng = random.Random(case.seed)
    pool = articles()
    if case.kind == "real_mutated":
        text = rng.choice(pool).get("text") or "x"
        for _ in range(rng.randint(1, 6)):
            pos = rng.randrange(len(text) + 1)
            noise = rng.choice([rng.choice(PIECES), chr(rng.randrange(0x110000) & 0x10FFFF)])
            if 0xD800 <= ord(noise[0]) <= 0xDFFF:
                noise = "\ufffd"
            text = text[:pos] + noise + text[pos:]
    elif case.kind == "pieces":
        text = " ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12)))
    else:
        text = "".join(
            chr(c) if not 0xD800 <= c <= 0xDFFF else "?"
            for c in (rng.randrange(0x3000) for _ in range(rng.randint(1, 3000)))
        )
    published = datetime(2016, 5, 5, 12, tzinfo=timezone(timedelta(hours=3)))
    if case.kind == "extreme_published":
        published = rng.choice(
            [
                datetime(1, 1, 1, tzinfo=UTC),
                datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-12))),
                datetime(1970, 1, 1, tzinfo=UTC),
                datetime(2, 1, 1, tzinfo=UTC),
            ]
        )
    country = rng.choice(["SY", "YE", "LY", "SD", "PS", "UA"])
    try:
        article = Article(f"fuzz{case.index}", text, published, rng.choice([None, text[:80]]))
        extract(article, default_gazetteer(), split_incidents=rng.random() < 0.5)
        statements = find_statements(article, default_gazetteer(), country=country)
        draft_truces(article, statements, set_agreements())
        find_claims(article, default_gazetteer(), country=country)
    except TrucewatchError as exc:
        return Outcome(case, "clear error", detail=type(exc).__name__)
    except Exception as exc:
        return Outcome(case, "traceback", detail=where(exc))
    return Outcome(case, "accepted")


__all__ = ["NEWS_KINDS", "TEXT_KINDS", "events_of", "run_news_case", "run_text_case"]
