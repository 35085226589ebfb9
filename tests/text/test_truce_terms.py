"""Truce terms read from statements: deadlines, conditions and exclusions
(trucewatch.text.statements.terms, .arabic_terms)."""

from __future__ import annotations

from datetime import date, datetime

from trucewatch.text import Article
from trucewatch.text.statement_model import Statement
from trucewatch.text.statements import find_statements

PUBLISHED = datetime.fromisoformat("2016-05-04T14:00:00+03:00")  # a Wednesday


def _statements(text: str, country: str = "SY", published: datetime = PUBLISHED) -> list[Statement]:
    return find_statements(Article("t", text, published), country=country)


def _deadlines(text: str, **kw: object) -> list[date]:
    return [d.by for s in _statements(text, **kw) for d in s.deadlines]  # type: ignore[arg-type]


def test_within_a_month_from_the_last_days_of_a_month_keeps_the_day_where_it_exists() -> None:
    text = "Russia and Turkey agreed a ceasefire. Talks should follow within a month."
    published = datetime.fromisoformat("2016-12-29T17:00:00+02:00")
    assert _deadlines(text, published=published) == [date(2017, 1, 29)]
    published = datetime.fromisoformat("2017-01-31T17:00:00+02:00")
    assert _deadlines(text, published=published) == [date(2017, 2, 28)]


def test_a_date_due_is_a_deadline_when_the_truce_is_named_only_in_its_condition() -> None:
    text = (
        "A nationwide ceasefire began on Sunday. Peace talks are due to start in Kuwait on "
        "18 May, the envoy said, provided the truce holds."
    )
    (s,) = _statements(text, country="YE")
    assert [d.by for d in s.deadlines] == [date(2016, 5, 18)]
    assert [c.text for c in s.conditions] == ["the truce holds"]


def test_within_days_of_the_ceasefire_is_a_condition_of_days_not_a_dated_deadline() -> None:
    text = (
        "The two sides agreed a ceasefire in Donetsk. Heavy weapons are to be pulled back "
        "starting the second day after the ceasefire, and the withdrawal must be finished "
        "within 14 days."
    )
    found = _statements(text, country="UA")
    assert [c.days for s in found for c in s.conditions] == [14]
    assert [d for s in found for d in s.deadlines] == []


def test_a_deadline_to_be_met_before_midnight_is_the_day_of_publication() -> None:
    text = "A truce took effect in Gaza. Qatar said the release would be completed before midnight."
    assert _deadlines(text, country="PS") == [date(2016, 5, 4)]


def test_a_time_before_midnight_is_no_deadline() -> None:
    text = "A ceasefire began in Yemen one minute before midnight on Sunday."
    assert _deadlines(text, country="YE") == []


def test_by_the_end_of_the_month_is_its_last_day() -> None:
    text = (
        "A truce took effect in Aleppo. The army said the corridors must open by the end of "
        "the month."
    )
    assert _deadlines(text) == [date(2016, 5, 31)]


def test_a_deadline_that_expired_on_a_weekday_is_dated_that_day() -> None:
    # "expired" is the deadline's end, not the truce's: the deadline is a term of the truce
    # agreed before it
    text = (
        "The rival governments agreed a ceasefire in October. A 90-day deadline for foreign "
        "fighters to leave Libya under the ceasefire agreement expired on Monday with no sign "
        "of a withdrawal."
    )
    assert _deadlines(text, country="LY") == [date(2016, 5, 2)]


def test_a_right_allowed_only_on_a_commanders_orders_is_a_condition() -> None:
    text = (
        "The sides agreed a ceasefire in Donetsk that bans sniper fire and allows return fire "
        "only on the orders of a commander."
    )
    (s,) = _statements(text, country="UA")
    assert [c.text for c in s.conditions] == ["a commander"]


def test_an_exclusion_reads_through_abbreviations_and_names_its_examples_as_written() -> None:
    text = (
        "The ceasefire agreement took effect in Libya. The agreement does not cover operations "
        "against groups the U.N. lists as terrorist, such as Islamic State."
    )
    (s,) = _statements(text, country="LY")
    assert "Islamic State" in s.exclusions


def test_groups_the_un_designates_as_terrorist_are_the_sides_it_lists_in_that_country() -> None:
    text = (
        "Russia and the US agreed a cessation of hostilities across Syria, excluding terrorist "
        "groups designated by the UN Security Council."
    )
    (s,) = _statements(text)
    assert set(s.exclusions) == {"IS", "Jabhat al-Nusra"}  # not "terrorist groups": rebels
    text = "A truce began in Yemen. It does not cover groups designated as terrorist by the U.N."
    assert {"AQAP", "IS"} <= {e for s in _statements(text, country="YE") for e in s.exclusions}


def test_groups_designated_without_the_un_or_terrorism_are_no_exclusion() -> None:
    text = "The army declared a truce in Aleppo, and talks with groups designated by Moscow began."
    assert [e for s in _statements(text) for e in s.exclusions] == []


def test_arabic_deadline_by_an_ordinal_day_of_a_month_is_the_coming_one() -> None:
    text = (
        # "what the agreement stipulates" is no act: its deadline is a term of the truce before
        "اتفقت الحكومة اليمنية وجماعة الحوثي على وقف إطلاق النار في الحديدة. "
        "وينص الاتفاق على وقف إطلاق النار في الحديدة وانسحاب القوات خلال 21 يوماً، أي بحلول "
        "الثامن من كانون الثاني/يناير."
    )
    published = datetime.fromisoformat("2018-12-24T17:00:00+03:00")
    assert _deadlines(text, country="YE", published=published) == [date(2019, 1, 8)]


def test_arabic_deadline_before_a_clock_on_a_weekday_is_the_coming_weekday() -> None:
    text = (
        "أعلنت الحكومة قبولها وقف الأعمال القتالية. وكان على الأطراف إبلاغ موسكو بموافقتها "
        "قبل الساعة الثانية عشرة ظهر الجمعة بتوقيت دمشق."
    )
    published = datetime.fromisoformat("2016-02-23T17:00:00+02:00")  # a Tuesday
    assert _deadlines(text, published=published) == [date(2016, 2, 26)]


def test_arabic_coming_month_in_a_call_is_a_deadline_by_that_month() -> None:
    text = (
        "أعلن رئيس المجلس الرئاسي وقفاً فورياً لإطلاق النار. ودعا إلى إجراء انتخابات رئاسية "
        "في آذار المقبل."
    )
    published = datetime.fromisoformat("2020-08-21T17:00:00+02:00")
    assert _deadlines(text, country="LY", published=published) == [date(2021, 3, 31)]


def test_arabic_coming_month_without_a_call_or_plan_is_no_deadline() -> None:
    text = "أعلن الجيش هدنة في حلب. وزار الوزير المدينة في آذار المقبل."
    assert _deadlines(text) == []


def test_arabic_condition_of_a_commitment_to_abide_belongs_to_the_truce_before() -> None:
    text = (
        "وأعلنت الحكومة ترحيبها بالهدنة. وقال المتحدث إن الجماعة ستلتزم بها ما دام الطرف "
        "الآخر ملتزماً."
    )
    (s,) = _statements(text, country="YE")
    assert [c.text for c in s.conditions] == ["الطرف الآخر ملتزماً"]


def test_arabic_condition_counts_its_days() -> None:
    (s,) = _statements("وأعلن الجيش تمديد الهدنة في حلب إذا صمدت سبعة أيام متتالية.")
    assert [c.days for c in s.conditions] == [7]


def test_arabic_condition_outside_a_truce_and_a_commitment_is_not_kept() -> None:
    text = "أعلن الجيش هدنة في حلب. وقال إنه سيرد إذا تعرض لهجوم."
    (s,) = _statements(text)
    assert s.conditions == ()


def test_within_hours_is_a_deadline_instant_from_publication() -> None:
    text = "Russia and Turkey agreed a ceasefire. Talks are to begin within 72 hours."
    (by,) = _deadlines(text)
    assert by == datetime.fromisoformat("2016-05-07T14:00:00+03:00")


def test_time_given_until_a_weekday_or_for_hours_is_a_deadline_for_what_follows() -> None:
    text = "The army declared a truce in Aleppo. Rebels have until Friday to accept the terms."
    (s,) = _statements(text)
    assert [(d.by, d.what) for d in s.deadlines] == [(date(2016, 5, 6), "accept the terms")]
    text = "The army declared a truce in Aleppo. Armed groups have 48 hours to leave the city."
    (s,) = _statements(text)
    assert [(d.by, d.what) for d in s.deadlines] == [
        (datetime.fromisoformat("2016-05-06T14:00:00+03:00"), "leave the city")
    ]


def test_a_deadline_of_a_date_is_for_what_follows_it() -> None:
    text = "Russia and Turkey agreed a ceasefire, and set a deadline of 20 May for the handover."
    (s,) = _statements(text)
    assert [(d.by, d.what) for d in s.deadlines] == [(date(2016, 5, 20), "handover")]


def _excluded(text: str, country: str = "SY") -> set[str]:
    return {e for s in _statements(text, country=country) for e in s.exclusions}


def test_sides_left_out_not_bound_or_fought_on_are_exclusions() -> None:
    truce = "The army declared a truce in Aleppo on Tuesday. "
    assert _excluded(truce + "Islamic State and the Nusra Front were left out of the deal.") == {
        "IS",
        "Jabhat al-Nusra",
    }
    assert _excluded(truce + "Operations against Islamic State will continue, it said.") == {"IS"}
    assert _excluded(truce + "The army said it would continue its strikes on IS.") == {"IS"}


def test_arabic_sides_not_covered_or_fought_on_are_exclusions() -> None:
    truce = "أعلن الجيش هدنة في حلب يوم الثلاثاء. "
    assert _excluded(truce + "ولا تنطبق الهدنة على تنظيم داعش.") == {"IS"}
    assert _excluded(truce + "وتنظيم داعش غير مشمول بالهدنة.") == {"IS"}
    assert _excluded(truce + "وقال الجيش إن العمليات ضد داعش والنصرة ستستمر.") == {
        "IS",
        "Jabhat al-Nusra",
    }


def test_arabic_except_in_a_sentence_without_a_truce_is_no_exclusion() -> None:
    text = "أعلن الجيش هدنة في حلب. وشهدت كل المحافظات اشتباكات باستثناء إدلب."
    assert _excluded(text) == set()


def _conditions(text: str) -> list[tuple[str, int | None]]:
    return [(c.text, c.days) for s in _statements(text) for c in s.conditions]


def test_conditions_count_weeks_and_whole_days_of_hours() -> None:
    truce = "Russia and the US agreed a truce in Aleppo. "
    assert _conditions(truce + "It will be extended if calm holds for a week.") == [
        ("calm holds for a week", 7)
    ]
    assert _conditions(truce + "Aid will flow once the truce has held for 48 hours.") == [
        ("the truce has held for 48 hours", 2)
    ]


def test_conditional_on_depends_on_and_days_of_calm_are_conditions() -> None:
    truce = "Russia and the US agreed a truce in Aleppo. "
    text = truce + "Joint strikes would begin after seven consecutive days of reduced violence."
    assert _conditions(text) == [("seven consecutive days of reduced violence", 7)]
    assert _conditions(truce + "Its extension depends on the rebels' compliance.") == [
        ("the rebels' compliance", None)
    ]
    assert _conditions(truce + "The truce came after ten days of heavy fighting.") == []


def test_arabic_within_a_month_planned_is_a_deadline_the_same_day_next_month() -> None:
    text = "أعلنت روسيا وتركيا وقفاً لإطلاق النار. وقالت أنقرة إن محادثات السلام ستعقد خلال شهر."
    published = datetime.fromisoformat("2016-12-29T17:00:00+02:00")
    assert _deadlines(text, published=published) == [date(2017, 1, 29)]


def test_arabic_within_days_of_the_truce_is_a_condition_and_a_past_span_is_nothing() -> None:
    text = (
        "أعلن الجيش هدنة في حلب. وينص الاتفاق على انسحاب القوات خلال 21 يوماً من سريان "
        "وقف إطلاق النار."
    )
    found = _statements(text)
    assert [c.days for s in found for c in s.conditions] == [21]
    assert [d for s in found for d in s.deadlines] == []
    text = "أعلن الجيش هدنة في حلب. وقتل ستة أشخاص خلال ثلاثة أيام."
    assert _deadlines(text) == []


def test_a_span_explained_by_a_date_in_the_same_sentence_is_one_deadline() -> None:
    text = (
        "The two sides agreed a ceasefire in Hodeidah. Forces are to withdraw within 21 days, "
        "that is by 8 January."
    )
    published = datetime.fromisoformat("2018-12-18T17:00:00+03:00")
    assert _deadlines(text, country="YE", published=published) == [date(2019, 1, 8)]


def test_a_weekday_by_which_something_is_to_be_done_is_the_coming_one() -> None:
    truce = "The army declared a truce in Aleppo. "
    assert _deadlines(truce + "Rebels must accept the terms by Friday.") == [date(2016, 5, 6)]
    text = truce + "Groups were told to sign up no later than midnight on Saturday."
    assert _deadlines(text) == [date(2016, 5, 7)]
    assert _deadlines(truce + "By Friday the guns had fallen silent.") == []


def test_a_week_given_to_do_something_is_a_deadline() -> None:
    text = "The army declared a truce in Homs, giving the militias a week to hand over their guns."
    assert _deadlines(text) == [date(2016, 5, 11)]
    text = "The army declared a truce in Homs. The truce gives the militias ten days to leave."
    assert _deadlines(text) == [date(2016, 5, 14)]


def test_arabic_days_things_are_due_on_or_given_until_are_deadlines() -> None:
    from trucewatch.text.arabic.letters import fold
    from trucewatch.text.statements.arabic_terms import arabic_deadlines
    from trucewatch.text.statements.reading import Reading

    due = "وبدأت الهدنة ليل الثلاثاء على أن يبدأ تبادل الأسرى عند السادسة من صباح الخميس."
    given = "وأمهل الوسطاء الطرفين حتى يوم الأحد لتسليم قوائم الأسرى، بحسب مصادر."
    found = []
    for text in (due, given):
        out = Reading()
        arabic_deadlines(text, fold(text), PUBLISHED, "Asia/Damascus", out)
        found += [(by, what) for by, what, _span in out.deadlines]
    assert found == [
        (date(2016, 5, 5), "يبدأ تبادل الأسرى"),
        (date(2016, 5, 8), "لتسليم قوائم الأسرى"),
    ]


def test_a_term_after_a_lead_in_naming_the_deal_is_dated() -> None:
    text = (
        "Russia and Turkey agreed a ceasefire in Idlib. As part of the agreement, "
        "a crossing for aid is to open on 20 May near the front line."
    )
    assert _deadlines(text) == [date(2016, 5, 20)]


def _draft_exclusions(second: str, country: str = "SY") -> list[str]:
    from trucewatch.text.truce_drafts import draft_truces

    lead = {
        "SY": "The Syrian army declared a 72-hour truce across Syria on Monday.",
        "UA": ("Ukraine and the separatists agreed a ceasefire in Donbas on Monday."),
    }[country]
    article = Article("t", f"{lead}\n\n{second}", PUBLISHED)
    (draft,) = draft_truces(article, find_statements(article, country=country))
    return list(draft.exclusions)


def test_a_truce_that_applies_to_all_but_some_groups_excludes_them() -> None:
    text = "The truce applies to all groups except the Islamic State and Jabhat Fateh al-Sham."
    assert _draft_exclusions(text) == ["IS", "Jabhat al-Nusra"]
    branch = "The ceasefire excludes al Qaeda's Syrian branch."
    assert _draft_exclusions(branch) == ["Jabhat al-Nusra"]


def test_an_armed_group_the_pack_does_not_know_is_excluded_as_written_a_place_is_not() -> None:
    assert _draft_exclusions("The ceasefire does not apply to the Azov regiment.", "UA") == ["Azov"]
    assert _draft_exclusions("The ceasefire does not cover Mariupol, the army said.", "UA") == []
