"""Appending an extension to an agreement text: the rest of the text stays as written."""

from __future__ import annotations

import json

import pytest

from trucewatch.agreements import example_paths, parse_agreement
from trucewatch.agreements._yaml import load_yaml
from trucewatch.agreements.edit import add_declaration, add_extension, default_start
from trucewatch.errors import AgreementError


def _example(prefix: str) -> str:
    return next(p for p in example_paths() if p.name.startswith(prefix)).read_text()


def _load(text: str):  # type: ignore[no-untyped-def]
    data, node = load_yaml(text)
    return parse_agreement(data, source="test", node=node)


def test_extension_without_start_starts_when_the_last_window_ends() -> None:
    text = add_extension(_example("aleppo"), {"id": "ext-24h", "duration": "24h"})
    windows = {w.id: w for w in _load(text).windows()}
    assert windows["ext-24h"].local_start == "2016-05-12T01:00:00+03:00"
    assert windows["ext-24h"].parent_id == "ext-48h-2016-05-10"
    assert windows["ext-24h"].start == windows["ext-48h-2016-05-10"].end


def test_extension_keeps_every_comment_and_line_of_the_old_text() -> None:
    old = _example("aleppo")
    extension = {"id": "ext-x", "start": "2016-05-12T01:00:00+03:00", "duration": "1d"}
    new = add_extension(old, extension)
    old_lines, new_lines = old.splitlines(), new.splitlines()
    assert len(new_lines) == len(old_lines) + 3
    assert [line for line in new_lines if line in old_lines] == old_lines
    assert new.index("ext-x") < new.index("declarations:")


def test_agreement_without_extensions_gets_an_extensions_key() -> None:
    old = _example("eastern-ghouta")
    assert "extensions:" not in old
    new = add_extension(old, {"id": "ext-1", "duration": "48h", "note": "renewed"})
    agreement = _load(new)
    assert [w.id for w in agreement.extensions] == ["ext-1"]
    assert agreement.extensions[0].start == agreement.base.end
    assert new.startswith(old.rstrip("\n"))


def test_a_json_text_is_written_again_as_yaml() -> None:
    data, _ = load_yaml(_example("latakia"))
    text = json.dumps(data)
    new = add_extension(text, {"id": "ext-1", "duration": "1d"})
    assert [w.id for w in _load(new).extensions] == ["ext-1"]


def test_flow_list_of_extensions_gets_one_more_item() -> None:
    text = (
        _example("latakia")
        + '\nextensions: [{id: ext-1, start: "2016-05-03T01:00:00+03:00", duration: 1d}]\n'
    )
    new = add_extension(text, {"id": "ext-2", "duration": "1d"})
    assert [w.id for w in _load(new).extensions] == ["ext-1", "ext-2"]
    assert new.startswith(_example("latakia"))


@pytest.mark.parametrize(
    ("prefix", "extension", "field", "words"),
    [
        ("aleppo", {"id": "x", "announced": "2016-05-11"}, "extensions[2].announced", "unknown"),
        ("aleppo", {"duration": "1d"}, "extensions[2].id", "missing"),
        ("aleppo", {"id": "ext-72h-2016-05-07", "duration": "1d"}, "extensions[2]", "already"),
        ("syria-coh", {"id": "x", "duration": "1d"}, "extensions[0].start", "open-ended"),
        ("aleppo", {"id": "x", "parent": "nope", "duration": "1d"}, "extensions[2].parent", "nope"),
    ],
)
def test_bad_extensions_name_the_field(
    prefix: str, extension: dict[str, str], field: str, words: str
) -> None:
    with pytest.raises(AgreementError, match=words) as caught:
        add_extension(_example(prefix), extension)
    assert caught.value.field == field


def test_the_loader_judges_the_rest_of_the_extension() -> None:
    text = add_extension(
        _example("aleppo"), {"id": "early", "start": "2016-05-01T01:00:00+03:00", "duration": "1d"}
    )
    with pytest.raises(AgreementError, match="before its parent") as caught:
        _load(text)
    assert caught.value.field == "extensions[2].start"


def test_default_start_uses_the_extensions_own_time_zone() -> None:
    start = default_start(_example("aleppo"), {"id": "x", "timezone": "UTC"})
    assert start == "2016-05-11T22:00:00+00:00"


def test_a_declaration_is_appended_below_the_old_ones_keeping_every_line() -> None:
    old = _example("aleppo")
    declaration = {
        "id": "ru-calm",
        "by": "government-of-syria",
        "start": "2016-05-12T01:00:00+03:00",
        "open": True,
    }
    new = add_declaration(old, declaration)
    assert [line for line in new.splitlines() if line in old.splitlines()] == old.splitlines()
    windows = {w.id: w for w in _load(new).windows()}
    assert windows["ru-calm"].kind == "declaration"
    assert windows["ru-calm"].declared_by == "government-of-syria"
    with pytest.raises(AgreementError, match="unknown key 'parent'"):
        add_declaration(old, {**declaration, "id": "x", "parent": "base"})
    with pytest.raises(AgreementError, match="already in declarations"):
        add_declaration(new, declaration)
