"""The agreement loader fed mutated copies of the bundled agreements and hostile YAML:
``load_agreement(path)`` must give an Agreement or an error of the tree, and finish."""

from __future__ import annotations

import os
import random
import re
import shutil
import tempfile
from functools import cache
from pathlib import Path

from fuzzing.files import REPO, where
from fuzzing.runner import Case, Outcome

EXAMPLES = REPO / "src" / "trucewatch" / "agreements" / "examples"

AGREEMENT_KINDS = {
    "byte_flip": 3,
    "line_deleted": 2,
    "line_duplicated": 2,
    "huge_number": 2,
    "bad_date": 2,
    "huge_duration": 2,
    "nan_coordinate": 2,
    "alias_bomb": 1,
    "recursive_alias": 1,
    "deep_nesting": 1,
    "huge_polygon": 1,
    "python_tag": 1,
    "tabs": 1,
    "long_string": 1,
    "empty": 1,
}

MINIMAL = """format: trucewatch.agreement/1
id: fuzz
name: Fuzz
timezone: Asia/Damascus
start: 2016-02-27T00:00:00+02:00
"""


@cache
def examples() -> tuple[str, ...]:
    return tuple(p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.yaml")))


def _polygon(vertices: int) -> str:
    import math

    points = [
        f"[{37.1 + 0.1 * math.cos(2 * math.pi * k / vertices):.6f}, "
        f"{36.2 + 0.1 * math.sin(2 * math.pi * k / vertices):.6f}]"
        for k in range(vertices)
    ]
    points.append(points[0])
    return f"scope:\n  geojson:\n    type: Polygon\n    coordinates: [[{', '.join(points)}]]\n"


def hostile_yaml(kind: str, rng: random.Random) -> str:
    """The text of one hostile agreement file (seeded)."""
    text = rng.choice(examples())
    lines = text.splitlines()
    if kind == "byte_flip":
        raw = bytearray(text.encode())
        for _ in range(rng.randint(1, 5)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        return raw.decode("utf-8", errors="replace")
    if kind == "line_deleted":
        del lines[rng.randrange(len(lines))]
        return "\n".join(lines)
    if kind == "line_duplicated":
        k = rng.randrange(len(lines))
        lines.insert(k, lines[k])
        return "\n".join(lines)
    if kind == "huge_number":
        value = rng.choice(["1e400", "-1e400", ".nan", ".inf", "9" * 40, "-0", "0x7fffffffffff"])
        numbers = list(re.finditer(r"(?<![\w.-])\d+(?:\.\d+)?(?![\w.:-])", text))
        if not numbers:
            return text
        m = rng.choice(numbers)
        return text[: m.start()] + value + text[m.end() :]
    if kind == "bad_date":
        dates = list(re.finditer(r"\d{4}-\d\d-\d\d", text))
        value = rng.choice(["0001-01-01", "9999-12-31", "2016-02-30", "0000-00-00", "99999-01-01"])
        m = rng.choice(dates)
        return text[: m.start()] + value + text[m.end() :]
    if kind == "huge_duration":
        duration = rng.choice(
            ["P99999999999D", "PT9999999999999H", "P1000000Y", "-P1D", "P0D", "PT1e400S", "P1.5D"]
        )
        return MINIMAL + f"duration: {duration}\n"
    if kind == "nan_coordinate":
        value = rng.choice([".nan", ".inf", "-.inf", "1e400", "91", "-181", "null", "'x'"])
        coords = list(re.finditer(r"-?\d+\.\d+(?=[\],])", text))
        if not coords:
            return MINIMAL + _polygon(4).replace("37.", value + " # ", 1)
        m = rng.choice(coords)
        return text[: m.start()] + value + text[m.end() :]
    if kind == "alias_bomb":
        levels = rng.randint(3, 9)
        out = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        for k in range(1, levels):
            out.append(f"a{k}: &a{k} [" + ",".join([f"*a{k - 1}"] * 9) + "]")
        return MINIMAL + "\n".join(out) + f"\nreferences: {{citations: *a{levels - 1}}}\n"
    if kind == "recursive_alias":
        return MINIMAL + "references: &r {citations: [*r]}\n"
    if kind == "deep_nesting":
        depth = rng.choice([200, 5_000, 100_000])
        if rng.random() < 0.5:
            return MINIMAL + "references: " + "[" * depth + "]" * depth + "\n"
        return MINIMAL + "references: " + "{a: " * depth + "1" + "}" * depth + "\n"
    if kind == "huge_polygon":
        return MINIMAL + _polygon(rng.choice([1_000, 20_000, 200_000, 1_000_000]))
    if kind == "python_tag":
        return MINIMAL + rng.choice(
            [
                "name: !!python/object/apply:os.system ['true']\n",
                "name: !!binary aGVsbG8=\n",
                "name: !custom x\n",
                "references: !!set {a, b}\n",
            ]
        )
    if kind == "tabs":
        return text.replace("  ", "\t", rng.randint(1, 20))
    if kind == "long_string":
        return MINIMAL.replace("name: Fuzz", "name: " + "x" * rng.choice([10_000, 10_000_000]))
    if kind == "empty":
        return rng.choice(["", "\n", "~", "---\n...\n", "[]", "'just a string'", "\x00"])
    raise ValueError(f"unknown agreement mutation {kind!r}")


def run_agreement_case(case: Case) -> Outcome:
    from trucewatch.agreements.loader import load_agreement
    from trucewatch.errors import TrucewatchError

    rng = random.Random(case.seed)
    text = hostile_yaml(case.kind, rng)
    folder = Path(tempfile.mkdtemp(prefix="agr-", dir=os.environ.get("TRUCEWATCH_FUZZ_TMP")))
    try:
        path = folder / "fuzz.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            load_agreement(path)
        except TrucewatchError as exc:
            return Outcome(case, "clear error", detail=type(exc).__name__)
        except Exception as exc:
            return Outcome(case, "traceback", detail=where(exc))
        return Outcome(case, "accepted")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
