"""Whether an Arabic sentence reports an event, and its type, from Arabic keywords.

The keywords say that a sentence reports an event (the pipeline's test, as the English
:data:`~trucewatch.text.types.RULES` do) and, until the multilingual type model
(:func:`trucewatch.text.type_model.classify_sentences`) reads Arabic sentences, which type:
:func:`event_type` is the one place that decides it (docs/news.md, "Arabic"). The rules run in
the English order, most specific first (chemical, sexual violence, ceasefire violation, riot,
protest, claims, agreements, air strikes, weapons seized, grenades, bombs, accidents and
disasters, shelling, explosions, abductions, arrests, withdrawals, territory, clashes, attacks on
civilians, deployments; crime and diplomacy are no event).
"""

from __future__ import annotations

import re

from trucewatch.text.arabic.letters import fold, word
from trucewatch.text.types import NOT_AN_EVENT, TypeMatch

__all__ = ["RULES", "classify", "event_type"]

_TRUCE = r"(?:الهدنة|هدنة|وقف\s+(?:ال)?[إا]طلاق\s+(?:ال)?نار|الاتفاق|اتفاق\w*)"
#: (taxonomy code, Arabic keyword pattern), most specific first
RULES: tuple[tuple[str, str], ...] = (
    (
        "remote.chemical",
        r"(?:هجوم|هجمات|قصف|ضربة)\s+(?:ب)?(?:ال)?(?:كيميا\w*|كيماوي\w*|غازات?\s+سام\w*)|"
        r"(?:أسلحة|سلاح|غاز|غازات|مواد)\s+(?:ال)?(?:كيميا\w*|كيماوي\w*|سام\w*)|(?:غاز\s+)?الكلور|"
        r"السارين|حالات\s+اختناق|اختناق",
    ),
    ("civilians.sexual_violence", r"اغتصاب\w*|عنف\s+جنسي|اعتداء\w*\s+جنسي\w*"),
    (
        "strategic.ceasefire_violation",
        rf"(?:خرق|خروقات|خرقت|خرقوا|انتهاك|انتهاكات|انتهكت)\s+(?:ل)?{_TRUCE}",
    ),
    ("unrest.riot", r"أعمال\s+شغب|شغب"),
    (
        "unrest.protest",
        r"مظاهرة|مظاهرات|تظاهر\w*|متظاهر\w*|احتجاج\w*|محتج\w*|اعتصام\w*|وقفة\s+احتجاجية",
    ),
    (
        NOT_AN_EVENT,
        r"تبن(?:ى|ت|وا)\s+(?:ال)?مسؤولية|أعلن\w*\s+مسؤوليت\w*|نف(?:ى|ت)\s+(?:ال)?(?:اتهام\w*|"
        r"مسؤولية)",
    ),
    (
        "strategic.agreement",
        rf"(?:توقيع|وقع\w*|التوصل|توصل\w*|إعلان|أعلن\w*|إبرام)\s+(?:\w+\s+){{0,3}}?{_TRUCE}|"
        rf"{_TRUCE}\s+(?:\w+\s+){{0,3}}?(?:حيز\s+التنفيذ|يدخل|دخل|دخلت|تمديد)|"
        r"تبادل\s+(?:ال)?أسرى|مصالحة|مصالحات|تسوية|تسويات",
    ),
    (
        "remote.airstrike",
        r"غارة|غارات|غارتين|غارتان|(?:قصف|ضرب\w*|هجوم\w*)\s+جوي\w*|الطيران|طيران|طائرة|"
        r"طائرات|الطائرات|مروحية|مروحيات|المروحيات|(?:ال)?براميل\s+(?:ال)?متفجرة|"
        r"برميل\w*\s+متفجر\w*|مسيرة|مسيرات",
    ),
    (
        "strategic.other",  # weapons seized or made safe
        r"تفكيك\s+(?:\w+\s+)?(?:عبو\w*|لغم|ألغام|مفخخ\w*)|(?:ضبط|مصادرة|العثور\s+على)\s+"
        r"(?:\w+\s+){0,3}?(?:أسلحة|ذخائر|ذخيرة|متفجرات)|مستودع\w*\s+(?:أسلحة|ذخيرة)|"
        r"إسقاط\s+(?:\w+\s+)?طائرة",
    ),
    ("remote.grenade", r"قنبلة\s+يدوية|قنابل\s+يدوية"),
    (
        "remote.bombing",
        r"سيارة\s+مفخخة|سيارات\s+مفخخة|مفخخ\w*|عبوة\s+ناسفة|عبوات\s+ناسفة|ألغام|لغم|انتحاري\w*|"
        r"حزام\w*\s+ناسف\w*|فجر\w*\s+نفس\w*",
    ),
    (
        NOT_AN_EVENT,  # accidents and disasters
        r"انفجار\s+(?:\w+\s+)?(?:أسطوان\w*|غاز|خزان|مصنع|معمل)|زلزال|هزة\s+أرضية|فيضان\w*|سيول|"
        r"عاصفة|حرائق\s+(?:ال)?غابات|كورونا|كوفيد|وباء|جائحة|حادث\w*\s+سير|حادث\w*\s+مروري\w*|"
        r"انهيار\w*|غرق",
    ),
    (
        "remote.shelling",
        r"قصف\w*|قذائف|قذيفة|قذيفتين|صاروخ\w*|صواريخ|مدفعي\w*|هاون|راجمة|راجمات",
    ),
    ("remote.bombing", r"انفجار\w*|تفجير\w*|ناسف\w*|متفجر\w*|فجر(?:وا|ت)"),
    (
        "civilians.abduction",
        r"خطف|اختطاف|اختطف\w*|خطف\w*|مخطوف\w*|مختطف\w*|رهائن|رهين\w*|إخفاء\s+قسري",
    ),
    (
        "strategic.arrest",
        r"اعتقال\w*|اعتقل\w*|احتجاز|احتجز\w*|مداهمة|مداهمات|توقيف|أوقف\w*|(?:ال)?قبض\s+على",
    ),
    ("strategic.other", r"انسحاب\w*|انسحب\w*|إخلاء|إجلاء"),  # non-violent transfer
    (
        "battle.territory_change",
        r"سيطر(?:ت|وا)?\s+(?:\w+\s+){0,3}?على|بسط\w*\s+(?:ال)?سيطرة|استعاد\w*|استعادة|"
        r"حرر(?:ت|وا)|تحرير|انتزع\w*|انتزاع|تقدم(?:ت|وا)?\s+(?:\w+\s+)?(?:في|نحو|باتجاه|على)",
    ),
    (
        "battle.armed_clash",
        r"هجوم\w*\s+على\s+(?:\w+\s+)?(?:حاجز|نقطة|نقاط|مواقع|موقع|ثكنة|مقر\w*|دورية)|"
        r"تبادل\w*\s+(?:ل)?(?:ال)?[إا]طلاق\s+(?:ال)?نار",
    ),
    (
        "civilians.attack",
        r"إعدام\w*|أعدم\w*|مجزرة|مجزرتين|مجازر|ذبح\w*|قنص|قناص\w*|اغتيال\w*|اغتال\w*|"
        r"(?:إطلاق|أطلق\w*)\s+(?:ال)?نار\s+على|تعذيب|طعن|قتل\w*\s+(?:\S+\s+){0,6}?مدني\w*",
    ),
    (
        "battle.armed_clash",
        r"اشتباك\w*|معارك|معركة|مواجهة|مواجهات|اقتتال|هجوم\w*|هجمات|كمين|كمائن|تصد\w*|"
        r"اقتحام\w*|اقتحم\w*|قتال|هاجم\w*",
    ),
    ("strategic.other", r"تعزيزات|حشد\w*|حشود|استقدم\w*|انشقاق\w*|انشق\w*"),  # deployments
    (
        NOT_AN_EVENT,
        r"مخدرات|تهريب|مهرب\w*|سفير\w*|دبلوماسي\w*|وزير\s+(?:ال)?خارجي\w*|قمة|محادثات|"
        r"مفاوضات|زيارة",
    ),
)

_COMPILED = tuple((code, re.compile(word(pattern))) for code, pattern in RULES)


def _match(sentence: str) -> TypeMatch | None:
    folded = fold(sentence)
    for code, pattern in _COMPILED:
        m = pattern.search(folded.text)
        if m:
            start, end = folded.span(m.start("w"), m.end("w"))
            return TypeMatch(code, sentence[start:end], start, end)
    return None


def event_type(sentence: str, keyword: TypeMatch) -> str:
    """The event type of an Arabic sentence that reports an event (its keyword ``keyword``).

    THE SWITCH: today the keyword's type. When the multilingual type model is merged
    (``trucewatch.text.type_model.classify_sentences``), return its code here (or let the
    pipeline's batched type step type Arabic sentences as it types English ones)."""
    return keyword.code


def classify(sentence: str) -> TypeMatch | None:
    """The event an Arabic ``sentence`` reports: its keyword and type (:func:`event_type`), or
    None (no keyword, or the words of a non-conflict event came first)."""
    found = _match(sentence)
    if found is None or found.code == NOT_AN_EVENT:
        return None
    code = event_type(sentence, found)
    return found if code == found.code else TypeMatch(code, found.keyword, found.start, found.end)
