"""Sentences of an article's text, and the page furniture left out of them.

:func:`sentences` cuts a text into sentences (``;`` also ends one, and so do a photo credit
such as "(Reuters)" before a capital and the word "Tags" of a tag list) and leaves out page
furniture run into the text (:func:`_body`: tag lists, Sputnik's related stories, a closing
"Read Also"); :func:`is_caption` tells a photo caption. A new furniture pattern goes in
:func:`_body`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["ARABIC_DATELINE", "DATELINE", "dateline_end", "is_caption", "sentences"]

# Photo credits that end a caption run into the next sentence: "... Hmeymim air base in Syria
# June 18 2016 (TRT World and Agencies) The death toll ..."
_CREDITS = (
    "Reuters",
    "AFP",
    "AP",
    "EPA",
    "Getty Images",
    "Anadolu Agency",
    "TRT World and Agencies",
)
_CREDIT = "|".join(map(re.escape, _CREDITS))
# (a closing parenthesis before a capital is a cut only after one of these credits)
_CREDIT_END = re.compile(rf"\((?:{_CREDIT})\)$")
_SPLIT = re.compile(
    r"(?<=[.!?;])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n\s*\n|\n(?=\s*[A-Z])"
    r"|(?P<paren>(?<=\))\s+(?=[A-Z]))"
)
# A photo caption: "A checkpoint ... is seen after ... June 6 2015 (Reuters)". Not an event.
_CAPTION = re.compile(rf"\b(?:is|are|was|were) (?:seen|pictured|shown)\b.*\((?:{_CREDIT})\)$")
_ABBREV = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|St|No|U\.S|U\.N|Jan|Feb|Aug|Sept|"
    r"Oct|Nov|Dec|[A-Z])\.$"
)
_CLOCK = re.compile(r"\b[ap]\.m\.$")
#: the most characters an abbreviation of _ABBREV ends a piece with ("Sept.", "U.N.")
_ABBREV_SPAN = 8


def is_caption(sentence: str) -> bool:
    """A photo caption ("... is seen at ... (Reuters)") that ran into the article text."""
    return _CAPTION.search(sentence) is not None


# Page furniture run into the text. A tag list: "Tags Syria Islamic State activists murder
# video Palmyra The Islamic State group has released ..." (The New Arab), whose body restarts at
# a capital determiner or number shortly before the first verb; and Sputnik's tail, "... 990
# Related <other stories' headlines> Tags <tags> Community standards Discussion Comment via
# Facebook ...", all furniture from the view count on; The New Arab's closing "Read Also".
#: a wire story's dateline: "DAMASCUS/MOSCOW — ", "صنعاء — " (where it was filed, not what happened)
DATELINE = re.compile(r"^(?:[A-Z][A-Z .,/'’-]+|[^\sA-Za-z—–-]+(?:\s[^\sA-Za-z—–-]+)?)\s+[—–]+\s+")
#: an Arabic dateline with its day or agency: "طرابلس، 23 شباط/فبراير — ", "عدن، (وكالات) — "
ARABIC_DATELINE = re.compile(r"^[^—–\n.]{0,60}?[،,][^—–\n.]{0,40}?[—–]\s")


def dateline_end(sentence: str) -> int:
    """Where a wire story's dateline (:data:`DATELINE`, or :data:`ARABIC_DATELINE` in a
    sentence opening with an Arabic letter) ends in ``sentence``, 0 when it opens with none."""
    found = DATELINE.match(sentence)
    if found is None and sentence[:1] and "\u0600" <= sentence[0] <= "\u06ff":
        found = ARABIC_DATELINE.match(sentence)
    return found.end() if found else 0


_TAGS = re.compile(r"Tags\s")
_SPUTNIK_TAIL = re.compile(r"Community standards|Comment via Facebook")
_TAIL_START = re.compile(r"(?:\b\d+\s+)?\b(?:Topic|Related|Tags)\s")
_RELATED = re.compile(r"^(?:\d+\s+)?(?:Topic|Related)\s+[A-Z]")
_TRAILING_ELLIPSIS = re.compile(r"(?:\s+\.\.\.)+$")
_FIRST_VERB = re.compile(
    r"\b(?:has|have|had|was|were|is|are|said|says|say|killed|launched|carried|repelled|"
    r"announced|struck|hit|blew|left|continued|dropped|targeted|died|perished)\b"
)
_RESTART = re.compile(
    r"\b(?:The|A|An|At least|More than|Dozens|Hundreds|Thousands|Several|One|Two|Three|Four|"
    r"Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve|Sixteen|Twenty|\d+)\b"
)


def _body(sentence: str) -> tuple[int, int]:
    """The part of a sentence that is article text, as ``(start, end)`` offsets in it
    (``(0, 0)``: all furniture): tag lists, Sputnik's related-stories tail and a closing
    "Read Also" left out."""
    if _RELATED.match(sentence):
        return 0, 0  # "91 Related <headlines of other stories>"
    if sentence.endswith("Read Also"):
        return 0, len(sentence.removesuffix("Read Also").rstrip())
    tail = _SPUTNIK_TAIL.search(sentence) if "Comm" in sentence else None
    if tail:
        marker = _TAIL_START.search(sentence, 0, tail.start())
        end = marker.start() if marker else 0
        return (0, end) if sentence[:end].strip() else (0, 0)
    if not _TAGS.match(sentence):
        return 0, len(sentence)
    verb = _FIRST_VERB.search(sentence)
    if verb is None:
        return 0, 0  # tags only
    window = max(0, sentence.rfind(" ", 0, max(0, verb.start() - 80)))
    restart = _RESTART.search(sentence, window + 1 if window else 5, verb.start())
    return (restart.start() if restart else 0), len(sentence)


def sentences(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, sentence)`` for each sentence of ``text`` (``;`` also ends one, and so
    do a photo credit such as "(Reuters)" before a capital and the word "Tags" of a tag list).
    Page furniture run into the text is left out: a tag list ("Tags Syria Aleppo airstrikes At
    least 16 people were killed ...": the sentence starts at "At least"), Sputnik's tail of
    related stories, tags and comment links."""
    for start, _end, sentence in _split(text):
        tags = sentence.find(" Tags ", 1)
        parts = (
            [(0, sentence)]
            if tags < 0
            else [(0, sentence[:tags]), (tags + 1, sentence[tags + 1 :])]
        )
        for offset, part in parts:
            a, b = _body(part)
            piece = part[a:b].rstrip()
            if piece.endswith("..."):
                piece = _TRAILING_ELLIPSIS.sub("", piece)
            if piece:
                yield start + offset + a, start + offset + a + len(piece), piece


def _split(text: str) -> Iterator[tuple[int, int, str]]:
    start = 0
    for m in _SPLIT.finditer(text):
        if m.group("paren") is not None and not _CREDIT_END.search(
            text, max(0, m.start() - 40), m.start()
        ):
            continue
        # the abbreviation is at the end: look at the last few characters only, so text
        # with thousands of "U.N. " in a row is not split in quadratic time
        if _ABBREV.search(text, max(start, m.start() - _ABBREV_SPAN), m.start()):
            continue
        clock = _CLOCK.search(text, max(start, m.start() - 5), m.start())
        if clock is not None and text.startswith("(", m.end()):
            continue  # "at 7 p.m. (1600 GMT) on Tuesday": the hour in another zone
        piece = text[start : m.start()]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            yield start + lead, m.start(), piece.strip()
        start = m.end()
    piece = text[start:]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        yield start + lead, start + lead + len(piece.strip()), piece.strip()
