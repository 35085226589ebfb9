"""Arabic truce statements: acts, the said day against the start, hours and days in words,
ends and durations in months (statements/arabic.py, statements/arabic_times.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from trucewatch.text import Article
from trucewatch.text.statement_model import Statement
from trucewatch.text.statements import find_statements
from trucewatch.text.statements.arabic_times import add_months
from trucewatch.text.truce_drafts import draft_truces

PUBLISHED = datetime.fromisoformat("2016-05-04T14:00:00+03:00")  # a Wednesday


def _one(sentence: str, published: datetime = PUBLISHED, country: str = "SY") -> Statement:
    (found,) = find_statements(Article("ar", sentence, published), country=country)
    return found


@pytest.mark.parametrize(
    ("sentence", "act"),
    [
        ("رفضت الفصائل مقترح تمديد الهدنة في حلب.", "reject"),
        ("الجيش يعلن هدنة في حلب لمدة 48 ساعة.", "declare"),
        ("أعلن الجيش تعليق مشاركته في المحادثات، متهماً الفصائل بخرق الهدنة.", "accuse"),
        ("أعلنت الفصائل موافقتها على هدنة إنسانية في حلب.", "declare"),
        ("أعلنت الحكومة قبولها وقف الأعمال القتالية.", "accept"),
        ("بدأ سريان وقف شامل لإطلاق النار في الأراضي السورية.", "declare"),
        ("أعلنت روسيا أن قواتها ستوقف عملياتها القتالية في حلب.", "declare"),
    ],
)
def test_arabic_act_of_a_sentence(sentence: str, act: str) -> None:
    assert _one(sentence).act == act


def test_arabic_sentence_of_what_an_agreement_stipulates_is_no_statement() -> None:
    article = Article("ar", "وينص اتفاق الهدنة على انسحاب القوات من حلب خلال 21 يوماً.", PUBLISHED)
    assert find_statements(article, country="SY") == []


def test_arabic_day_said_between_commas_is_not_the_start() -> None:
    s = _one("اتفقت روسيا والولايات المتحدة، الأربعاء، على تمديد الهدنة في سوريا لمدة 48 ساعة.")
    assert s.start is None and s.duration == timedelta(hours=48)


def test_arabic_immediate_truce_starts_on_the_day_it_was_said() -> None:
    s = _one("أعلنت الحكومة، الأربعاء، وقفاً فورياً لإطلاق النار في كامل الأراضي السورية.")
    assert s.start is not None and s.start.date().isoformat() == "2016-05-04"
    assert s.start_precision == "day"


def test_arabic_hour_without_a_day_takes_the_day_it_was_said() -> None:
    s = _one("أعلن الجيش، صباح الأربعاء، هدنة لمدة 72 ساعة تبدأ من الساعة السادسة صباحاً.")
    assert s.start is not None and s.start.isoformat() == "2016-05-04T06:00:00+03:00"


def test_arabic_midnight_between_two_days_is_the_second_day() -> None:
    friday = datetime.fromisoformat("2016-05-06T10:00:00+03:00")
    s = _one(
        "بدأ عند الساعة الثانية عشرة من منتصف ليل الخميس الجمعة سريان وقف لإطلاق النار.", friday
    )
    assert s.start is not None and s.start.isoformat() == "2016-05-06T00:00:00+03:00"


def test_arabic_written_day_wins_over_its_weekday_and_the_end_gives_the_duration() -> None:
    s = _one(
        "أعلنت روسيا أنها ستوقف عملياتها القتالية في حلب يوم الخميس الخامس من أيار، من الساعة "
        "الثامنة صباحاً حتى الرابعة عصراً."
    )
    assert s.start is not None and s.start.isoformat() == "2016-05-05T08:00:00+03:00"
    assert s.end is not None and s.end.isoformat() == "2016-05-05T16:00:00+03:00"
    assert s.duration == timedelta(hours=8)


def test_arabic_duration_in_months_counts_calendar_months_from_the_start() -> None:
    published = datetime.fromisoformat("2022-04-02T20:00:00+03:00")
    s = _one(
        "دخلت الهدنة حيز التنفيذ في تمام الساعة السابعة من مساء السبت الثاني من نيسان، "
        "وتمتد لشهرين.",
        published,
        "YE",
    )
    assert s.start is not None and s.start.isoformat() == "2022-04-02T19:00:00+03:00"
    assert s.duration == timedelta(days=61)


def test_arabic_end_date_after_until() -> None:
    published = datetime.fromisoformat("2022-08-02T20:00:00+03:00")
    s = _one(
        "وافق الطرفان على تمديد الهدنة اعتباراً من الثاني من آب وحتى الثاني من تشرين الأول.",
        published,
        "YE",
    )
    assert s.start is not None and s.start.date().isoformat() == "2022-08-02"
    assert s.end is not None and s.end.date().isoformat() == "2022-10-02"


def test_add_months_keeps_the_day_or_takes_the_months_last() -> None:
    jan31 = datetime.fromisoformat("2022-01-31T19:00:00+03:00")
    assert add_months(jan31, 1).isoformat() == "2022-02-28T19:00:00+03:00"
    assert add_months(jan31, 12).isoformat() == "2023-01-31T19:00:00+03:00"


def test_arabic_capital_speaking_for_its_government_is_not_the_scope() -> None:
    s = _one("دمشق تعلن قبولها وقف الأعمال القتالية")
    assert s.scope == () and s.act == "accept"


def test_arabic_sentence_on_when_the_agreement_starts_gives_the_truce_before_its_start() -> None:
    tuesday = datetime.fromisoformat("2016-02-23T17:00:00+02:00")
    article = Article(
        "ar",
        "أعلنت الحكومة قبولها وقف الأعمال القتالية. وكان على الأطراف إبلاغ موسكو بموافقتها "
        "قبل الساعة الثانية عشرة ظهر الجمعة، على أن يبدأ تطبيق الاتفاق منتصف ليل الجمعة السبت.",
        tuesday,
    )
    (s,) = find_statements(article, country="SY")
    assert s.start is not None and s.start.isoformat() == "2016-02-27T00:00:00+02:00"


def test_arabic_truce_under_guarantors_is_their_agreement() -> None:
    s = _one("بدأ سريان وقف شامل لإطلاق النار في الأراضي السورية، بضمانة روسيا وتركيا.")
    assert s.act == "agree"


def test_arabic_hour_in_digits_keeps_its_minutes() -> None:
    s = _one("أعلن الجيش هدنة لمدة 72 ساعة تبدأ عند الساعة 23:59 من ليل الخميس.")
    assert s.start is not None and s.start.isoformat() == "2016-05-05T23:59:00+03:00"


@pytest.mark.parametrize(
    "sentence",
    [
        "أعلن المبعوث أمس من القاهرة أن الحكومة السورية وافقت على الهدنة.",
        "أعلن رئيس الوفد إلى مفاوضات القاهرة أن الحكومة السورية وافقت على الهدنة.",
    ],
)
def test_arabic_capital_where_words_are_said_or_talks_held_is_no_party(sentence: str) -> None:
    s = _one(sentence)
    assert "Egypt" not in s.parties and s.parties == ("Government of Syria",)


@pytest.mark.parametrize(
    ("sentence", "act"),
    [
        # a renewal refused or not made is no extension
        ("أعلنت حركة حماس انتهاء التهدئة مع إسرائيل وعدم تجديدها.", "end"),
        ('وقالت الحركة إن "التهدئة انتهت بانتهاء مدتها، ولن تجدد".', "end"),
        # clashes renewed, not the truce
        (
            "تجددت الاشتباكات في جنوب المدينة بعد أسبوعين من الهدنة، واتهم الجيش الفصائل بخرقها.",
            "accuse",
        ),
    ],
)
def test_arabic_renewal_negated_or_of_fighting_is_no_extension(sentence: str, act: str) -> None:
    assert _one(sentence, country="PS" if "حماس" in sentence else "SY").act == act


def test_arabic_truce_talks_aim_at_is_no_agreement() -> None:
    article = Article(
        "ar",
        "وقالت الدولتان في بيان مشترك إن المحادثات تهدف إلى التوصل "
        "إلى وقف قصير الأمد لإطلاق النار.",
        PUBLISHED,
    )
    assert [s.act for s in find_statements(article, country="SD")] == []


def test_arabic_again_is_no_extension() -> None:
    s = _one("وقال مسؤول إن إسرائيل أبلغت مصر قبولها الهدنة، وإنها سترسل وفدها إلى القاهرة مجدداً.")
    assert s.act == "accept"


def test_arabic_start_written_in_digits_after_a_dated_dateline() -> None:
    saturday = datetime.fromisoformat("2017-02-18T20:00:00+02:00")
    s = _one(
        "ميونيخ، 18 شباط/فبراير — قال الوزير يوم السبت إن الأطراف اتفقت على وقف لإطلاق النار "
        "اعتباراً من 20 شباط/فبراير.",
        saturday,
        country="UA",
    )
    assert s.start is not None and s.start.date().isoformat() == "2017-02-20"


def test_arabic_call_to_extend_a_few_words_after_its_preposition_is_no_extension() -> None:
    s = _one(
        "أعلن الحوثيون قبولهم الهدنة. ودعا المبعوث الأممي جميع الأطراف إلى احترام الهدنة والعمل "
        "على تمديدها.",
        country="YE",
    )
    assert s.act == "accept"


@pytest.mark.parametrize(
    "sentence",
    [
        "وقال الجيش إن صاروخين سقطا في منطقة مفتوحة بعد سريان التهدئة.",
        "وقالت القيادة إن المسلحين فتحوا النار 7 مرات منذ بدء الهدنة.",
        "وقبل ساعات من بدء الهدنة، قال الجيش إنه أحبط محاولة تسلل.",
    ],
)
def test_arabic_time_told_by_the_truces_start_is_no_declaration(sentence: str) -> None:
    assert all(s.act != "declare" for s in find_statements(Article("ar", sentence, PUBLISHED)))


def test_arabic_hour_of_the_night_is_in_the_evening() -> None:
    s = _one("نعلن قبولنا الهدنة التي تبدأ في الحادية عشرة من ليل الخميس.")
    assert s.start is not None and (s.start.hour, s.start.minute) == (23, 0)


def test_arabic_dated_datelines_city_is_not_a_party() -> None:
    s = _one(
        "الدوحة، 23 شباط/فبراير — وقّعت الحكومة السودانية وحركة العدل والمساواة، الثلاثاء في "
        "الدوحة، اتفاقاً إطارياً يقضي بوقف فوري لإطلاق النار في إقليم دارفور.",
        datetime.fromisoformat("2010-02-23T18:00:00+03:00"),
        country="SD",
    )
    assert s.parties == ("Government of Sudan", "Justice and Equality Movement")


def test_arabic_collapse_of_earlier_truces_is_background_and_former_is_the_office() -> None:
    s = _one(
        "وقال الرئيس الأوكراني الأسبق ليونيد كوتشما إن الأطراف تعهدت بالتزام الهدنة الربيعية، "
        "مشيراً إلى أن الاتفاقات السابقة انهارت سريعاً.",
        country="UA",
    )
    assert s.act == "accept"
    assert s.speaker is not None and s.speaker.person == "ليونيد كوتشما"


def test_arabic_capital_a_representative_speaks_for_is_not_the_scope() -> None:
    s = _one(
        "اتفقت مجموعة الاتصال الثلاثية، التي تضم ممثلين عن كييف وموسكو، على وقف شامل لإطلاق النار "
        "في منطقتي دونيتسك ولوغانسك.",
        country="UA",
    )
    assert set(s.scope) == {"Donetsk", "Luhansk"}


def test_arabic_truce_told_in_the_past_perfect_is_background_and_gives_when_it_began() -> None:
    article = Article(
        "ar",
        "أعلنت حركة حماس الجمعة انتهاء التهدئة مع إسرائيل في قطاع غزة.\n\n"
        "وكانت التهدئة التي رعتها مصر قد بدأت في 19 يونيو الماضي.",
        datetime.fromisoformat("2008-12-19T18:00:00+02:00"),
    )
    (draft,) = draft_truces(article, find_statements(article, country="PS"))
    assert draft.act == "end" and draft.start is not None
    assert draft.start.date().isoformat() == "2008-06-19"


def test_arabic_before_the_truce_was_reached_is_a_time_not_an_agreement() -> None:
    sentence = "وكانت المواجهات قد أسفرت عن مقتل أكثر من 60 شخصاً، قبل التوصل إلى الهدنة."
    assert all(s.act != "agree" for s in find_statements(Article("ar", sentence, PUBLISHED)))


def test_arabic_order_to_halt_an_offensive_as_of_yesterday_is_a_declared_halt_that_day() -> None:
    s = _one(
        "أوعز التحالف بقيادة السعودية إلى القوات الموالية للحكومة اليمنية بوقف الهجوم على مدينة "
        "الحديدة اعتباراً من يوم أمس الأربعاء.",
        datetime.fromisoformat("2018-11-15T12:00:00+03:00"),  # a Thursday
        country="YE",
    )
    assert s.act == "declare" and s.parties == ("Saudi-led coalition",)
    assert s.start is not None and s.start.date().isoformat() == "2018-11-14"


def test_arabic_time_after_the_verb_is_no_speaker() -> None:
    from trucewatch.text.statements.speaker_patterns import pattern_speaker

    sentence = "وكان بوروشينكو قد أعلن الأسبوع الماضي أن الطرفين اتفقا على وقف إطلاق النار."
    found = pattern_speaker(sentence)
    assert found is None or found[0].person != "الأسبوع الماضي"


def test_the_arabic_grain_deal_is_a_truce() -> None:
    article = Article(
        "ar",
        "أعلنت روسيا السبت تعليق مشاركتها في اتفاق تصدير الحبوب عبر البحر الأسود.",
        datetime.fromisoformat("2022-10-29T12:00:00+03:00"),
    )
    assert [s.act for s in find_statements(article, country="UA")] == ["suspend"]


def test_where_an_arabic_strike_hit_is_not_the_scope_but_a_halted_attacks_target_is() -> None:
    ended = Article(
        "ar",
        "أعلنت حركة حماس الخميس انتهاء الهدنة بعد ساعات من اغتيال أحد قادتها بغارة إسرائيلية "
        "على سيارته في مدينة غزة.",
        datetime.fromisoformat("2003-08-21T18:00:00+03:00"),
    )
    (statement,) = find_statements(ended, country="PS")
    assert statement.act == "end" and statement.scope == ()
    halted = Article(
        "ar",
        "أوعز التحالف إلى القوات الموالية للحكومة بوقف الهجوم على مدينة الحديدة.",
        datetime.fromisoformat("2018-11-15T12:00:00+03:00"),
    )
    (statement,) = find_statements(halted, country="YE")
    assert statement.scope == ("Al Ḩudaydah",)


def test_an_arabic_afternoon_hour_and_no_official_comment_from_the_capital() -> None:
    article = Article(
        "ar",
        "قال مسؤول كردي يوم الثلاثاء إن وحدات حماية الشعب والقوات الحكومية اتفقتا على وقف لإطلاق "
        "النار في مدينة الحسكة يسري اعتباراً من الساعة الثانية بعد ظهر اليوم. ولم يصدر تعليق رسمي "
        "من دمشق، لكن مصدراً عسكرياً قال إن «التهدئة» بدأت في موعدها.",
        datetime.fromisoformat("2016-08-23T18:00:00+03:00"),
    )
    statements = find_statements(article, country="SY")
    assert statements[0].start == datetime.fromisoformat("2016-08-23T14:00:00+03:00")
    assert all(s.act != "suspend" and "Damascus" not in s.scope for s in statements)


def test_a_deal_signed_in_the_presidential_palace_names_no_scope_and_the_presidency_signs() -> None:
    article = Article(
        "ar",
        "وقّع ممثلون عن الرئاسة اليمنية وجماعة أنصار الله مساء الأحد في دار الرئاسة بصنعاء اتفاقاً "
        "ينص على وقف فوري لإطلاق النار.",
        datetime.fromisoformat("2014-09-21T22:00:00+03:00"),
    )
    (draft,) = draft_truces(article, find_statements(article, country="YE"))
    assert draft.scope == () and draft.nationwide
    assert set(draft.parties) == {"Government of Yemen", "Ansar Allah"}


def test_arabic_midnight_of_a_written_date_begins_that_date() -> None:
    article = Article(
        "ar",
        "اتفقت مجموعة الاتصال الثلاثية على وقف جديد لإطلاق النار في منطقتي دونيتسك ولوغانسك يبدأ "
        "منتصف ليل الجمعة 8 آذار/مارس.",
        datetime.fromisoformat("2019-03-07T12:00:00+02:00"),
    )
    (statement,) = find_statements(article, country="UA")
    assert statement.start == datetime.fromisoformat("2019-03-08T00:00:00+02:00")


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("وقال المبعوث إن المشاركين اتفقوا على الدعوة إلى وقف شامل لإطلاق النار.", []),
        ("وجاء في البيان أن الرئيسين يدعوان إلى «إعلان وقف دائم لإطلاق النار».", []),
        ("ورفضت حكومة الوفاق الدعوة إلى هدنة في طرابلس.", ["reject"]),
    ],
)
def test_an_arabic_truce_only_called_for_is_no_act_but_a_rejection_of_the_call_is(
    text: str, acts: list[str]
) -> None:
    article = Article("ar", text, datetime.fromisoformat("2020-01-08T20:00:00+02:00"))
    assert [s.act for s in find_statements(article, country="LY")] == acts


@pytest.mark.parametrize(
    "sentence",
    [
        "اتفق الطرفان يوم الأحد على وقف القتال في المدينة.",
        "أعلن الجيش وقف الأعمال العدائية في كل الجبهات.",
        "وقعت الحكومة والمتمردون اتفاق سلام في العاصمة.",
    ],
)
def test_the_wider_arabic_words_name_a_truce(sentence: str) -> None:
    article = Article("ar", sentence, datetime.fromisoformat("2016-05-04T14:00:00+03:00"))
    assert len(find_statements(article, country="SY")) == 1


def test_a_place_an_arabic_venue_lies_near_is_no_scope() -> None:
    article = Article(
        "ar",
        "وقال مسؤول إن الطرفين اتفقا على وقف لإطلاق النار في الحسكة خلال اجتماع عقد في قاعدة "
        "حميميم الجوية قرب اللاذقية.",
        datetime.fromisoformat("2016-08-23T18:00:00+03:00"),
    )
    (statement,) = find_statements(article, country="SY")
    assert statement.scope == ("Al Ḩasakah",)
