"""One speaker finder for truce statements and claims (text/statements/speakers.py)."""

from __future__ import annotations

from datetime import datetime

from trucewatch.text import Article
from trucewatch.text.statements import find_statements
from trucewatch.text.statements.speaker_patterns import state_of
from trucewatch.text.statements.speakers import find_speaker, speaker_in

PUBLISHED = datetime.fromisoformat("2016-09-14T18:00:00+03:00")


def _who(sentence: str) -> tuple[str | None, str | None, str | None] | None:
    found = find_speaker(sentence)
    return None if found is None else (found.person, found.office, found.state)


def test_an_abbreviated_state_before_the_title_is_kept() -> None:
    assert _who("U.S. President Joe Biden said the truce had largely held.") == (
        "Joe Biden",
        "U.S. President",
        "United States",
    )


def test_a_title_and_a_state_adjective_are_not_part_of_the_name() -> None:
    who = _who('"We have a glimmer of hope," German Chancellor Angela Merkel said.')
    assert who is not None and who[0] == "Angela Merkel" and who[2] == "Germany"


def test_a_body_named_for_something_is_not_a_person() -> None:
    who = _who("Air strikes hit Atareb, the Syrian Observatory for Human Rights said.")
    assert who is not None and who[0] is None and who[2] is None


def test_the_noun_after_said_that_starts_the_reported_clause_is_not_the_speaker() -> None:
    assert find_speaker("He said the coalition was still committed to the truce.") is None


def test_the_first_state_named_by_the_speaker_is_its_state() -> None:
    assert state_of("Saudi Arabia and the United States") == "Saudi Arabia"
    assert state_of("Syria's main opposition bloc") is None


def test_an_arabic_office_with_its_state_and_the_person_after_it() -> None:
    text = "موسكو — أعلن وزير الدفاع الروسي سيرغي شويغو، الاثنين، أن القوات ستوقف عملياتها."
    who, span = speaker_in(text)
    assert who is not None and span is not None
    assert (who.person, who.office, who.state) == ("سيرغي شويغو", "وزير الدفاع الروسي", "Russia")


def test_an_arabic_statement_has_its_speaker() -> None:
    text = (
        "جنيف — اتفقت الولايات المتحدة وروسيا، الأربعاء، على تمديد الهدنة في سوريا لمدة ثمان "
        "وأربعين ساعة، بحسب ما أعلنه المتحدث باسم وزارة الخارجية الأميركية جون كيربي."
    )
    (found,) = find_statements(Article("t", text, PUBLISHED), country="SY")
    assert found.speaker is not None
    assert (found.speaker.person, found.speaker.state) == ("جون كيربي", "United States")


def test_a_side_that_says_is_a_party_not_a_person() -> None:
    text = "Hamas said it had agreed with the mediators in Qatar to extend the truce."
    (found,) = find_statements(Article("t", text, PUBLISHED), country="PS")
    assert found.parties == ("Hamas",)
    assert found.speaker is None or found.speaker.person is None


def _statement_speaker(text: str, country: str, published: str) -> tuple:
    when = datetime.fromisoformat(published)
    (found,) = find_statements(Article("t", text, when), country=country)
    assert found.speaker is not None
    return found.speaker.person, found.speaker.state


def test_its_spokesman_speaks_for_the_side_named_before() -> None:
    text = (
        "RIYADH — The Saudi-led coalition fighting in Yemen will halt operations for two weeks "
        "starting at 12:00 on Thursday, its spokesman Colonel Turki al-Maliki said."
    )
    assert _statement_speaker(text, "YE", "2020-04-08T20:00:00+03:00") == (
        "Turki al-Maliki",
        "Saudi Arabia",
    )


def test_an_office_speaking_for_the_person_who_acted() -> None:
    text = (
        "MOSCOW — President Vladimir Putin ordered Russian forces on Thursday to cease fire "
        "along the front from 12:00 Moscow time on January 6, the Kremlin said."
    )
    assert _statement_speaker(text, "UA", "2023-01-05T18:00:00+03:00") == (
        "Vladimir Putin",
        "Russia",
    )


def test_a_party_quoted_on_the_truce_after_it_is_the_speaker() -> None:
    text = (
        "MINSK — The leaders of Russia, Ukraine, Germany and France agreed on Thursday on a "
        "ceasefire in eastern Ukraine. "
        '"We have a glimmer of hope," German Chancellor Angela Merkel said of the ceasefire. '
        '"The truce is holding," U.N. envoy Staffan de Mistura told reporters.'
    )
    when = datetime.fromisoformat("2015-02-12T12:00:00+03:00")
    found = [s for s in find_statements(Article("t", text, when), country="UA")]
    agreed = next(s for s in found if s.act == "agree")
    assert agreed.speaker is not None
    assert (agreed.speaker.person, agreed.speaker.state) == ("Angela Merkel", "Germany")


def test_a_known_official_speaks_for_his_state_when_no_word_names_it() -> None:
    who = _who("President Recep Tayyip Erdogan said the truce in the province was holding.")
    assert who == ("Recep Tayyip Erdogan", "President", "Turkey")
    assert _who("The truce will hold, Zelenskiy said on Monday.") == ("Zelenskiy", None, "Ukraine")


def test_a_rank_after_the_office_is_not_the_office() -> None:
    who = _who("A spokesman for the rebel alliance, Major Yusuf Hamoud, said the pause held.")
    assert who == ("Yusuf Hamoud", "spokesman for the rebel alliance", None)


def test_the_first_of_two_named_speakers_speaks() -> None:
    who = _who(
        "The deal takes effect on Sunday, German Foreign Minister Heiko Maas and French "
        "Foreign Minister Jean-Yves Le Drian said after talks between Presidents A Bcd and E Fgh."
    )
    assert who is not None and who[0] == "Heiko Maas" and who[2] == "Germany"


def test_a_possessive_is_not_part_of_the_name_and_a_sides_army_names_no_state() -> None:
    who = _who("Prime Minister Maria Olsen's office said the ceasefire would be renewed.")
    assert who is not None and who[0] == "Maria Olsen"
    assert state_of("a spokesman for the Libyan National Army") is None


def _lead_speaker(text: str, country: str) -> tuple[str | None, str | None] | None:
    statements = find_statements(Article("t", text, PUBLISHED), country=country)
    lead = next(s for s in statements if s.sentence_index == 0)
    return None if lead.speaker is None else (lead.speaker.person, lead.speaker.state)


def test_the_sides_spokesman_named_next_speaks_for_its_statement() -> None:
    text = (
        "ADEN — The Saudi-led coalition said on Monday it would extend the truce in Yemen by "
        "five days.\n\nCoalition spokesman Colonel Faris Nasser told reporters the Houthis "
        "had to stop firing on the border."
    )
    assert _lead_speaker(text, "YE") == ("Faris Nasser", "Saudi Arabia")


def test_another_sides_spokesman_is_not_the_statements_speaker() -> None:
    text = (
        "ADEN — The Saudi-led coalition said on Monday it would extend the truce in Yemen by "
        "five days.\n\nHouthi spokesman Ali Qasim said the group would answer any strike."
    )
    assert _lead_speaker(text, "YE") == (None, "Saudi Arabia")


def test_a_surname_alone_takes_the_full_name_given_before() -> None:
    text = (
        "MOSCOW — Turkey and Russia agreed on Friday to a truce in Idlib after talks between "
        "Presidents Recep Tayyip Erdogan and Vladimir Putin.\n\n"
        '"We will keep the truce," Erdogan said.'
    )
    assert _lead_speaker(text, "SY") == ("Recep Tayyip Erdogan", "Turkey")


def test_an_hour_in_another_zone_does_not_end_the_sentence() -> None:
    text = (
        "CAIRO — The truce took effect at 9 p.m. (1800 GMT) on Sunday, the Egyptian foreign "
        "ministry said."
    )
    assert _lead_speaker(text, "PS") == (None, "Egypt")


def test_an_arabic_rank_puts_the_name_after_it() -> None:
    found = find_speaker("وقال المتحدث باسم الجيش العقيد نبيل خالد إن الهدنة صامدة.")
    assert found is not None and found.person == "نبيل خالد"
    assert found.office == "المتحدث باسم الجيش"


def test_an_arabic_name_after_the_side_an_office_belongs_to() -> None:
    text = (
        "طرابلس — أعلن رئيس المجلس الرئاسي لحكومة الوفاق الوطني سالم ناصر، الأحد، وقف إطلاق النار."
    )
    when = datetime.fromisoformat("2020-08-23T12:00:00+02:00")
    (found,) = [s for s in find_statements(Article("t", text, when), country="LY")]
    assert found.speaker is not None and found.speaker.person == "سالم ناصر"


def test_south_sudan_is_not_sudan() -> None:
    assert state_of("South Sudan's foreign ministry") == "South Sudan"
    assert state_of("Sudan's foreign ministry") == "Sudan"


def test_a_spokesman_of_the_same_body_named_next_speaks_for_it() -> None:
    text = (
        "KRAMATORSK — The truce agreed in Minsk was largely respected on Sunday, Ukraine's "
        "military said.\n\nA military spokesman, Oleh Marchenko, counted 40 attacks by rebels "
        "since the truce began."
    )
    assert _lead_speaker(text, "UA") == ("Oleh Marchenko", "Ukraine")


def test_an_arabic_spokesman_speaks_for_the_state_of_the_side_his_office_names() -> None:
    found = find_speaker("وقال المتحدث باسم التحالف إن الهدنة انتهت.")
    assert found is not None and found.state is None  # no table of sides without a country
    text = "صنعاء — وقال المتحدث باسم التحالف العقيد فارس ناصر إن التحالف يمدد الهدنة."
    when = datetime.fromisoformat("2015-05-17T12:00:00+03:00")
    (lead,) = find_statements(Article("t", text, when), country="YE")
    assert lead.speaker is not None and lead.speaker.state == "Saudi Arabia"


def test_an_arabic_subject_before_its_verb_speaks() -> None:
    found = find_speaker("وكان المبعوث الروسي إلى سوريا ألكسندر لافرنتييف قد أعلن أن الهدنة بدأت.")
    assert found is not None and found.state == "Russia"
    assert found.office is not None and found.office.startswith("المبعوث الروسي")
    headline = find_speaker("الخرطوم — الجيش السوداني يعلن هدنة لثلاثة أيام")
    assert headline is not None and headline.office == "الجيش السوداني"


def test_an_arabic_office_stops_before_what_is_said() -> None:
    found = find_speaker("وقال الجيش الإسرائيلي إنه أحبط محاولة تسلل قرب الحدود.")
    assert found is not None and found.office == "الجيش الإسرائيلي"


def test_a_sides_commander_named_next_keeps_no_state_of_the_joint_statement() -> None:
    text = (
        "KHARTOUM — Sudan's army and the Rapid Support Forces said on Monday they had agreed "
        "to a truce of 24 hours.\n\nRSF commander Ali Osman said the truce would let "
        "civilians leave."
    )
    assert _lead_speaker(text, "SD") == ("Ali Osman", None)


def test_what_an_arabic_body_announces_is_not_its_office() -> None:
    found = find_speaker("وأعلنت الحكومة الليبية قبولها بالهدنة.")
    assert found is not None and found.office == "الحكومة الليبية"


def test_an_arabic_name_before_what_is_announced_and_after_a_rank_alone() -> None:
    found = find_speaker("أعلن الرئيس الأوكراني فولوديمير زيلينسكي رفضه الهدنة.")
    assert found is not None and found.person == "فولوديمير زيلينسكي"
    marshal = find_speaker("أعلن المشير خليفة حفتر قبوله وقف إطلاق النار.")
    assert marshal is not None and marshal.person == "خليفة حفتر" and marshal.office is None


def test_where_a_speaker_speaks_is_not_the_state_he_speaks_for() -> None:
    found = find_speaker("Speaking in Amman, Hamas official Omar Saleh said the group accepted.")
    assert found is not None and found.person == "Omar Saleh" and found.state is None
    assert state_of("officials in Damascus") == "Syria"


def test_a_known_officials_office_speaks_for_his_state() -> None:
    found = find_speaker("A statement from Netanyahu's office said the pause would hold.")
    assert found is not None and found.state == "Israel"


def test_every_english_speaker_pattern_holds_a_verb_of_saying_or_according_to() -> None:
    # pattern_speaker skips them all on a sentence with neither: that must lose nothing
    from trucewatch.text.statements import speaker_patterns as sp

    for pattern in sp._SPEAKER_PATTERNS:
        assert sp._SAY in pattern.pattern or "ccording to" in pattern.pattern, pattern.pattern


def test_a_vice_president_and_a_secretary_general_keep_their_whole_office() -> None:
    assert _who("U.S. Vice President Mike Pence announced the pause on Thursday.") == (
        "Mike Pence",
        "U.S. Vice President",
        "United States",
    )
    who = _who("U.N. Secretary-General Ban Ki-moon announced on Thursday a pause in Yemen.")
    assert who is not None and who[:2] == ("Ban Ki-moon", "U.N. Secretary-General")


def test_a_surname_alone_takes_the_office_and_state_of_the_full_mention() -> None:
    text = (
        "ANKARA — Turkey will halt its offensive for 120 hours, U.S. Vice President Mike Pence "
        'announced on Thursday.\n\n"The United States and Turkey have agreed to a ceasefire '
        'in Syria," Pence told reporters.'
    )
    article = Article("t", text, PUBLISHED)
    found = [s.speaker for s in find_statements(article, country="SY") if s.act == "agree"]
    assert found and found[0] is not None
    assert (found[0].person, found[0].office, found[0].state) == (
        "Mike Pence",
        "U.S. Vice President",
        "United States",
    )


def test_a_surname_without_its_arabic_article_takes_the_full_name() -> None:
    text = (
        "RIYADH — The coalition will halt its air strikes for five days from Tuesday, Saudi "
        "Foreign Minister Adel al-Jubeir said on Friday.\n\n"
        "The humanitarian ceasefire will begin at 11 p.m. on May 12, Jubeir told reporters."
    )
    article = Article("t", text, datetime.fromisoformat("2015-05-08T20:00:00+03:00"))
    found = [s.speaker for s in find_statements(article, country="YE")]
    assert found and found[0] is not None
    assert (found[0].person, found[0].state) == ("Adel al-Jubeir", "Saudi Arabia")


def test_an_official_who_acts_after_a_dateline_and_a_weekday_is_the_speaker() -> None:
    text = (
        "JERUSALEM, Feb 7 — Israeli Prime Minister Benjamin Netanyahu on Wednesday rejected "
        "the terms Hamas set for a ceasefire in Gaza."
    )
    article = Article("t", text, datetime.fromisoformat("2024-02-07T20:00:00+02:00"))
    (s,) = find_statements(article, country="PS")
    assert s.speaker is not None
    assert (s.speaker.person, s.speaker.state) == ("Benjamin Netanyahu", "Israel")


def test_an_arabic_name_before_when_the_words_were_said_is_the_person() -> None:
    found = find_speaker(
        "قال وزير الخارجية الروسي سيرغي لافروف يوم السبت إن مجموعة الاتصال اتفقت على "
        "وقف لإطلاق النار."
    )
    assert found is not None
    assert (found.person, found.office, found.state) == (
        "سيرغي لافروف",
        "وزير الخارجية الروسي",
        "Russia",
    )
