"""Page furniture run into article text: photo captions, tag lists, related stories, "Read Also"."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from trucewatch.text.clean import Article
from trucewatch.text.gazetteer import default_gazetteer
from trucewatch.text.pipeline import (
    extract,
    is_caption,
    sentences,
)
from trucewatch.text.places import find_places

PUBLISHED = datetime(2016, 5, 6, 12, 0, tzinfo=ZoneInfo("Asia/Damascus"))


def test_a_photo_caption_is_its_own_sentence_and_gives_no_event() -> None:
    text = (
        "Russian military jets are seen at Hmeymim air base in Syria June 18 2016 "
        "(TRT World and Agencies) The death toll from air strikes in Deir Ezzor city has risen "
        "to 82 people, a monitor said."
    )
    parts = [s for _a, _b, s in sentences(text)]
    assert len(parts) == 2 and is_caption(parts[0]) and not is_caption(parts[1])
    found = extract(Article("a", text, PUBLISHED), default_gazetteer())
    assert [e.event.where.admin1 for e in found] == ["Deir ez-Zor"]
    assert found[0].sentence == parts[1]


def test_tag_lists_related_stories_and_read_also_are_left_out_of_the_sentences() -> None:
    text = (
        "So called Islamic State group has posted a new video. Tags Syria Islamic State "
        "activists murder video Palmyra The Islamic State group has released a video showing "
        "the killing of two activists in the militants stronghold of Raqqa."
    )
    (_first, (start, end, body)) = list(sentences(text))
    assert body.startswith("The Islamic State group has released") and text[start:end] == body
    places = find_places(body, default_gazetteer())
    assert [m.place.admin1 for m in places] == ["Ar-Raqqah"]  # not Palmyra of the tags
    sputnik = (
        "Three soldiers were killed in Homs. ... 91 Related US-Led Coalition Airstrikes Kill at "
        "Least 12 Civilians in Deir ez-Zor Tags shelling Damascus Community standardsDiscussion "
        "Comment via Facebook"
    )
    assert [s for _a, _b, s in sentences(sputnik)] == ["Three soldiers were killed in Homs."]
    new_arab = (
        "Rebels shelled western Aleppo on Monday a monitor said Tags Nusra Front Aleppo Syria "
        "war. A suicide bomber blew himself up in Idlib. Agencies contributed Read Also"
    )
    assert [s for _a, _b, s in sentences(new_arab)] == [
        "Rebels shelled western Aleppo on Monday a monitor said",
        "A suicide bomber blew himself up in Idlib.",
        "Agencies contributed",
    ]
    # without a determiner or number before the first verb the sentence is kept whole
    kept = "Tags Syria Idlib Syrian rebels launched an offensive."
    assert [s for _a, _b, s in sentences(kept)] == [kept]
