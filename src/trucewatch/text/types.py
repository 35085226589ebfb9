"""The event type of a sentence, from keywords, into the project taxonomy.

When a sentence has keywords of several types, the most specific wins, in the order of
:data:`RULES` (chemical before airstrike before bombing before shelling before clash...).
Rules whose code is :data:`NOT_AN_EVENT` mark texts about something else — natural or
industrial disasters, crime, diplomacy, claims of responsibility — and make :func:`classify`
return None when they win.

The rules were written looking at the CASE 2021 task 2 development snippets (see
``text/case2021.py`` and docs/news.md), so their score on that file is optimistic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trucewatch.text.prefilter import Prefiltered

__all__ = ["NOT_AN_EVENT", "RULES", "TypeMatch", "classify", "classify_text", "may_report_event"]

#: pseudo-code of the rules that say "this is not a conflict event"
NOT_AN_EVENT = "none"

_WEAPONS = (
    r"(?:weapons|arms|firearms|fire arms|guns|pistols|rifles|ammunition|ammunitions|bullets|"
    r"explosives|explosive devices?|grenades|bombs|missiles|rockets|mortars|munitions|IEDs|"
    r"mines|landmines|projectiles)"
)
_TRUCE = r"(?:truce|ceasefire|cease-fire|cessation of hostilities|armistice)"
_PROTEST = (
    r"(?:protest(?:s|ers?|ors?|ed|ing)?|demonstrat(?:ion|ions|ors?|ed|ing|e)|"
    r"rall(?:y|ies|ied|ying)|sit-ins?|marche[ds]|marching|took to the streets)"
)
_RIOT = (
    r"(?:riot(?:s|ed|ing|ers)?|mobs?|turned violent|stone[- ](?:throwing|pelting)|pelted|"
    r"throw(?:ing|n)? (?:stones|rocks|bottles|fireworks)|threw (?:stones|rocks|bottles|"
    r"petrol bombs|molotov)|hurl(?:ed|ing) (?:stones|rocks)|clash\w*|fought|battle\w*|"
    r"torched|set ablaze|set fire|escalating violence|violent(?:ly)?|looting|barricades|"
    r"confronted police|firecrackers|defied a police ban|blocking|vandal\w+)"
)

#: (taxonomy code, keyword pattern), most specific first.
RULES: tuple[tuple[str, str], ...] = (
    (
        "remote.chemical",
        r"chemical (?:attack|weapons?|agents?|strike)|chlorine|sarin|nerve (?:gas|"
        r"agent)|toxic (?:gas|gases|substances?)|poison(?:ous)? gas(?:es)?|mustard gas|"
        r"asphyxiation",
    ),
    (
        "civilians.sexual_violence",
        r"rap(?:e|es|ed|ing|ists?)|gang-?rap\w*|sexual(?:ly)? (?:assault\w*|abus\w*|violence|"
        r"harass\w*|exploit\w*|slavery)|molest\w*|sex slaves?|abused and assaulted",
    ),
    (
        "strategic.ceasefire_violation",
        rf"(?:violat\w+|breach\w*|broke|breaking) (?:of )?(?:the )?{_TRUCE}|"
        rf"(?:truce|ceasefire|cease-fire) violations?",
    ),
    (
        "unrest.riot",
        rf"{_PROTEST}\b[^.]{{0,80}}\b{_RIOT}|{_RIOT}\b[^.]{{0,80}}\b{_PROTEST}",
    ),
    (
        "unrest.protest",
        rf"{_PROTEST}",
    ),
    (
        NOT_AN_EVENT,
        r"claim(?:ed|s|ing)? (?:the )?responsibility|takes? credit|took credit|"
        r"rejected (?:the )?(?:allegations?|accusations?)|denied (?:the )?(?:allegations?|"
        r"accusations?|involvement)",
    ),
    (
        "strategic.agreement",
        rf"(?:agreed|agree|signed|sign|reached|brokered|announced|declared)\b[^.]{{0,40}}"
        rf"\b(?:{_TRUCE}|deal|agreement|accord|peace)|{_TRUCE}\b[^.]{{0,30}}\b(?:agreed|"
        r"declared|announced|extended|came into (?:force|effect)|takes? effect|took effect|"
        r"went into effect|entered into force|due to start|collapsed)|peace (?:deal|accord|"
        r"agreement|treaty)|prisoners? (?:swap|exchange)|set to take effect|"
        rf"{_TRUCE} (?:agreement|deal)|reach a deal|indirect talks|"
        r"exchange (?:process )?of prisoners|release of [^.]{0,30}prisoners|"
        r"surrender(?:ed|s)? (?:to|their)|have surrendered|evacuation deal|reconciliation|"
        r"(?:nuclear|border) agreement|agreement with|as part of the deal|"
        r"as a result of the deal|agreed to",
    ),
    (
        "strategic.other",  # headquarters or base established
        r"(?:set up|sets up|setting up|established|establish|establishing|built|opened)"
        r" (?:a |an |the |its |their )?(?:\w+ )?(?:new )?(?:military |observation )?"
        r"(?:posts?|base|bases|headquarters|outposts?|camp|checkpoints?|barracks|points?)|"
        r"(?:posts?|points?|bases?|barracks|headquarters) (?:was|were|has been|have been) "
        r"(?:established|set up)",
    ),
    (
        "remote.airstrike",
        r"air ?strikes?|air-strikes?|air raids?|airstrike|warplanes?|war planes?|"
        r"barrel bombs?|aerial (?:bombardments?|attacks?|bombing|strikes?|raids?)",
    ),
    (
        "strategic.other",  # disrupted weapons use
        rf"defus\w+|(?:arms|weapons|ammunition|explosives) (?:cache|depot|dump|stash|haul)|"
        rf"(?:cache|stash|haul|consignment|cache containing) (?:of )?{_WEAPONS}|"
        r"rounds of ammunition|"
        rf"(?:seized|recovered|confiscated|found|discovered|intercepted|captured|seize|"
        rf"recover|dismantled|identified|destroyed|cleared|removed)\b[^.]{{0,60}}\b{_WEAPONS}|"
        rf"{_WEAPONS}[^.]{{0,80}}\b(?:were|was|have been|has been|had been) (?:seized|"
        rf"recovered|confiscated|found|discovered|intercepted|captured|identified)|"
        rf"bomb (?:squad|disposal)|suspicious (?:packages?|devices?|objects?)|"
        r"shot down",
    ),
    ("remote.grenade", r"grenades?|grenade attacks?"),
    (
        "remote.bombing",
        r"car bomb\w*|suicide (?:bomb\w*|attack\w*|blast|vest|car)|explosive device|IEDs?|"
        r"landmines?|land mines?|mines? explo\w+|bomb(?:ing)? attacks?|booby[- ]trap\w*|"
        r"explosive[- ]laden|suicide|bomber|bomb blast|roadside bomb|"
        r"(?:ground|limpet) (?:mine|blast)|(?:explosive|bomb)-laden|"
        r"blew (?:himself|herself|themselves) up|motorcycle bomb",
    ),
    (
        "remote.airstrike",
        r"air ?strikes?|air-strikes?|air raids?|airstrike|warplanes?|war planes?|"
        r"fighter jets?|fighter planes?|barrel bombs?|aerial (?:bombardments?|attacks?|"
        r"bombing|strikes?|raids?)|bombed from the air|drone strikes?|drone attacks?|sorties|"
        r"air force|vacuum bombs?|cluster (?:bombs?|munitions)|jets?|aircraft|helicopters?|"
        r"drones?|bombers?|choppers?|(?:air|drone|aerial) (?:campaign|bombardment)|"
        r"(?<!hunger )(?<!general )strikes? (?:hits?|kill(?:s|ed|ing)?|targeted|struck|"
        r"(?:on|against) (?:a|an|the))",
    ),
    (
        NOT_AN_EVENT,  # industrial accidents and natural disasters
        r"(?:gas|chemical|oil|factory|plant|boiler|cylinder|container|warehouse|pipeline|"
        r"fireworks?|mine|petroleum)\b[^.]{0,40}\b(?:explo\w+|blast|fire)|"
        r"explo\w+ (?:ripped )?(?:through|at|in) (?:a|an|the) (?:\w+ )?(?:factory|plant|"
        r"warehouse|mine|refinery|depot)|earthquakes?|quakes?|floods?|flooding|flooded|"
        r"cyclones?|hurricanes?|typhoons?|tornado\w*|landslides?|mudslides?|tsunami|drought|"
        r"wildfires?|bushfires?|forest fires?|heat ?waves?|heavy rains?|storms?|"
        r"COVID|coronavirus|pandemic|epidemic|outbreak|infections?|cases of|"
        r"(?:train|bus|plane|boat|ferry|vehicle|road)\b[^.]{0,30}\b(?:crash\w*|derail\w*|"
        r"capsiz\w*|accident)|collapse[ds]?|stampede|fires? (?:are|is|were|was) burning|"
        r"blast site|sanctions|volcano\w*|volcanic eruption|plunged|disaster|torrential",
    ),
    (
        "remote.shelling",
        r"shell(?:s|ed|ing|fire)?|artillery|mortars?|rockets?|missiles?|"
        r"bombard\w*|projectiles?|cannon|Grad|Scud|hell cannons?|tank fire|tanks? attack\w*|"
        r"surface-to-surface|Katyusha",
    ),
    (
        "remote.bombing",
        r"explosions?|blasts?|detonat\w+|bomb(?:s|ings?)?|explod\w+|explosives?",
    ),
    (
        "unrest.riot",
        r"riot(?:s|ed|ing|ers?)?|mobs?|lynch\w*|vigilantes?|turned violent|"
        r"stone[- ](?:throwing|pelting)|pelted|throwing (?:stones|rocks|bottles)|"
        r"threw (?:stones|rocks|bottles|petrol bombs|molotov)|hurl(?:ed|ing) (?:stones|rocks)|"
        r"violent (?:protests?|demonstrations?)|(?:protesters?|demonstrators?)\b[^.]{0,40}"
        r"\b(?:clash\w*|fought|attack\w*|battle\w*|torched|stormed|set fire|violen\w+)|"
        r"(?:clash\w*|fought|battle\w*) with (?:riot |the )?police|escalating violence|"
        r"street (?:violence|confrontations?|battles?)|set ablaze|aggressive demonstrations|"
        r"banks set ablaze|firecrackers",
    ),
    (
        "strategic.other",  # looting and property destruction
        r"loot\w*|torch\w*|set (?:on )?fire to|set fire|arson\w*|vandali\w+|demolish\w*|"
        r"ransack\w*|made away with|attacks? on propert\w+|burn(?:ed|t|ing) (?:down )?"
        r"(?:the )?(?:houses|homes|shops|vehicles|cars|buildings)|(?:cars|vehicles) were burned|"
        r"destroyed (?:houses|homes|shops|property|properties)|afire",
    ),
    (
        "civilians.abduction",
        r"kidnap\w*|abduct\w*|hostages?|forcibly disappeared|forced disappearances?|"
        r"went missing|whereabouts",
    ),
    (
        "strategic.arrest",
        r"arrest\w*|detain\w*|round-?ups?|raids? on homes|detention campaign|"
        r"taken into custody|apprehended|nabbed|in custody|rounded up",
    ),
    (
        "strategic.other",  # non-violent transfer of territory
        r"withdr[ae]w\w*|pull(?:ed|s|ing)? (?:out|back)|handed over|hand over|"
        r"without (?:a fight|resistance|fighting)|vacated|deserted|began leaving|evacuat\w+",
    ),
    (
        "battle.territory_change",
        r"(?:seized|captured|recaptured|took|taken|regained|retook|gained|"
        r"seize|capture|recapture|take|regain|retake|gain|seizing|capturing|recapturing|"
        r"retaking|regaining|taking|wrested|wrest) (?:full |complete |back )?(?:control|back|"
        r"territory|ground)|advance[sd]? (?:into|on)|liberat\w+|fell (?:in)?to|"
        r"(?:captured|recaptured|seized|seizing|took over|overran|overrun|freed|retook|retaken|"
        r"occupied|recovered control of)"
        r" (?:\w+ ){0,3}(?:villages?|towns?|city|cities|capital|areas?|district|hill posts|"
        r"neighbou?rhoods?|hills?|heights|base|airport|positions|region|territory|"
        r"crossing|border|strongholds?)|pushed back|drove back|driven (?:back|out)|"
        r"newly captured|controlling the entire|under (?:the )?(?:full )?control of|"
        r"gained ground|recaptured|captured|retook|regained|freed",
    ),
    (
        "battle.armed_clash",
        r"(?:attack(?:ed|s|ing)?|raided|stormed|charged) (?:a |an |the )?(?:\w+ ){0,2}(?:military|"
        r"army|police|security) (?:patrol|checkpoint|base|convoy|positions?|outpost|post|camp|"
        r"training)|(?:attack(?:ed|s|ing)?|raided) (?:a |an |the )?(?:\w+ )?(?:checkpoint|"
        r"military base|army base|army positions)|attacks? against (?:the )?security forces|"
        r"(?:fire|gun) exchange|exchange of (?:fire|gunfire)|exchanged fire|shoot-?outs?",
    ),
    (
        "civilians.attack",
        r"execut(?:ed|ion|ions|ing)|massacre\w*|beheaded|slaughter\w*|murder\w*|"
        r"shot dead|gunned down|sniper (?:fire|shot)|snipers?|shooting|opened fire|"
        r"tortured to death|hacked to death|stabb\w+|gun attacks?|attack(?:ed|s)? "
        r"(?:a |the )?(?:church|mosque|school|market|villagers?|civilians|worshippers|"
        r"passengers|residents|communit\w+|village|farmers|herders|women|children|"
        r"students|journalists?|bus|displaced)|killed (?:\w+ )?civilians|"
        r"gunmen (?:attacked|stormed)",
    ),
    (
        "battle.armed_clash",
        r"clash\w*|fighting|fierce battles?|battles?|combat|skirmish\w*|"
        r"firefights?|gun ?battles?|gunfights?|shoot-?outs?|(?:fire|gun) exchange|"
        r"exchange of (?:fire|gunfire)|exchanged fire|offensive|counter-?attack\w*|"
        r"assault|ambush\w*|fought|attack(?:ed|s|ing)? (?:a |an |the )?(?:\w+ )?(?:military|"
        r"army|police|security|checkpoint|patrol|base|convoy|positions?|outpost|post|"
        r"soldiers|troops|forces)|militants attacked|insurgents attacked|gunfire",
    ),
    (
        "unrest.protest",
        r"protest(?:s|ers?|ors?|ed|ing)?|demonstrat(?:ion|ions|ors?|ed|ing|e)|"
        r"rall(?:y|ies|ied|ying)|sit-ins?|marche[ds]|marching|picket\w*|took to the streets|"
        r"walkout|strik(?:e|es|ing) workers|hunger strike",
    ),
    (
        "strategic.other",  # change to group activity
        r"deploy\w*|dispatch\w*|defect\w*|reinforcements?|merg(?:ed|er|ing)|mobili[sz]\w+|"
        r"recruit\w*|stationed|redeploy\w*|troops (?:arrived|massed)|heading to|"
        r"(?:forces|troops|fighters) (?:moved|arrived)|moving troops|consolidat\w+|formed",
    ),
    (
        NOT_AN_EVENT,
        r"drugs?|narcotics?|cocaine|heroin|methamphetamine|shabu|smuggl\w+|traffick\w+|"
        r"cartels?|counterfeit|robbery|robbers|theft|fraud|ambassadors?|diplomats?|"
        r"foreign ministers?|summit|talks|visit\w*|sanctions",
    ),
)

_COMPILED = tuple(
    (code, Prefiltered(re.compile(rf"(?<![\w-])(?:{pat})(?![\w-])", re.IGNORECASE)))
    for code, pat in RULES
)
_CASE_SENSITIVE = re.compile(r"\bGrad\b|\bScud\b|\bIEDs?\b")
#: the head words of a group's name: a capitalised keyword before one ("Sudan People's
#: Liberation Movement", "Kosovo Liberation Army") or after "<head> for the" ("Popular Front
#: for the Liberation of Palestine") is part of the name, not a word of the event
_GROUP_HEADS = (
    r"Movement|Army|Front|Organi[sz]ation|Party|Council|Brigades?|Battalions?|Forces|Tigers|"
    r"Committee|Alliance|Union"
)
_HEAD_AFTER = re.compile(rf"(?:\s+[A-Z][\w'’]*){{0,2}}[\s-]+(?:{_GROUP_HEADS})\b")
_HEAD_BEFORE = re.compile(rf"\b(?:{_GROUP_HEADS})\s+(?:for|of)\s+(?:the\s+)?$")


_LONG_WORD = re.compile(r"[^\W\d_][\w'’-]{3,}")


def _in_group_name(text: str, m: re.Match[str]) -> bool:
    """Whether the keyword ``m`` is a word of a group's name (never in a headline written in
    title case, where "Rebels Shelled Army Positions" capitalises every word)."""
    if not m.group()[:1].isupper():
        return False
    if not (
        _HEAD_AFTER.match(text, m.end()) is not None
        or _HEAD_BEFORE.search(text[max(0, m.start() - 40) : m.start()]) is not None
    ):
        return False
    words = _LONG_WORD.findall(text)
    return sum(w[:1].isupper() for w in words) < 0.7 * len(words)


@dataclass(frozen=True, slots=True)
class TypeMatch:
    """The taxonomy code of a sentence, the keyword that decided it, and where it is."""

    code: str
    keyword: str
    start: int
    end: int


def _match(text: str) -> TypeMatch | None:
    for code, pattern in _COMPILED:
        for m in pattern.finditer(text):
            word = m.group()
            if word.lower() in ("grad", "scud", "ied", "ieds") and not _CASE_SENSITIVE.fullmatch(
                word
            ):
                continue
            if _in_group_name(text, m):
                continue  # "Liberation" in "Sudan People's Liberation Movement"
            return TypeMatch(code, word, m.start(), m.end())
    return None


def classify(sentence: str) -> TypeMatch | None:
    """The most specific event type whose keywords occur in ``sentence``, or None (no keyword,
    or the words of a non-conflict event — a disaster, a crime, diplomacy — came first)."""
    found = _match(sentence)
    return None if found is None or found.code == NOT_AN_EVENT else found


def may_report_event(sentence: str) -> bool:
    """Whether ``sentence`` may report a conflict event: a keyword of an event type occurs and
    no word of a non-conflict event came first. The news pipeline's gate: only such sentences
    (and tolls) become events, and only they are typed by the learned head under
    ``types="model"`` (:mod:`trucewatch.text.type_step`)."""
    return classify(sentence) is not None


def classify_text(text: str) -> TypeMatch | None:
    """The event type of a short multi-sentence text (a news snippet, a headline and lede):
    the rules of :func:`classify` applied to the whole text."""
    return classify(text)
