"""The cue words of :mod:`trucewatch.text.not_events`, English and Arabic, as compiled patterns.

Written from the issue, the Syria 2016 reference case and the dev part of the labelled truce
articles (never the held part); each pattern says what it stands for. A new cue goes here.
"""

from __future__ import annotations

import re

from trucewatch.text.arabic.letters import fold_pattern
from trucewatch.text.prefilter import Prefiltered

_I = re.IGNORECASE


def _compile(pattern: str, flags: int = 0) -> Prefiltered:
    """The pattern compiled, behind the cheap check of the words a match must begin with."""
    return Prefiltered(re.compile(pattern, flags))


#: a truce, or an order to stop fighting ("agreed to halt fighting", "ordered ... to cease fire")
TRUCE = (
    r"(?:truces?|ceasefires?|cease-fires?|cease fire|cessation of hostilities|"
    r"regimes? of (?:calm|silence)|periods? of calm|(?:humanitarian )?pauses?|lulls?|armistice|"
    r"hudna|de-?escalation (?:zones?|agreements?|deal)|"
    r"(?:halt|stop|end|cessation)\s+(?:to\s+)?(?:the\s+|all\s+)?(?:military\s+)?"
    r"(?:fighting|hostilities|operations|attacks|combat))"
)
_WIRES = r"(?:REUTERS|Reuters|AFP|AP(?: Photo)?|EPA|Getty Images|Anadolu(?: Agency)?|SANA|Xinhua)"
#: a photo credit closing a sentence: "REUTERS/Omar Sanadiki", "(Photo: AFP)", "(Reuters)"
CREDIT_END = _compile(
    rf"(?:\b{_WIRES}\s*/\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,3}}|"
    rf"\((?:photo|picture|image|credit|file photo)s?\s*(?::|by)[^)]*\)|"
    rf"\({_WIRES}(?:/[^)]*)?\)|\b(?:photo|picture|image)s?\s*:\s*[^.]{{1,60}})\W*$",
    _I,
)
#: a sentence that is only a credit, or starts with one ("REUTERS/Abdalrhman Ismail")
CREDIT_ONLY = _compile(
    rf"^\W*(?:{_WIRES}\s*/\s*[\w .'’-]{{1,60}}|{_WIRES}|"
    r"(?:photo(?:graph)?|picture|image|credit)s?\s*(?::|by)\s*[^.]{1,60}|"
    r"(?:file photo|archive photo))\W*$",
    _I,
)
CREDIT_START = _compile(rf"^\W*{_WIRES}\s*/\s*[A-Z]", _I)
#: a caption's head: "Pictured: ...", "Photo caption: ..."
CAPTION_HEAD = _compile(
    r"^\W*(?:pictured|photo(?:\s+caption)?|picture|image|file photo|above|caption)\s*:", _I
)
SEEN = _compile(r"\b(?:is|are)\s+(?:seen|pictured|shown)\b|\bpictured\b", _I)
_SCENE_VERBS = (
    r"walks?|stands?|sits?|holds?|carr(?:y|ies)|inspects?|looks?|gathers?|rides?|rests?|"
    r"waits?|prays?|mourns?|cr(?:y|ies)|search(?:es)?|removes?|rises?|gestures?|poses?|"
    r"flash(?:es)?|checks?|waves?|chants?|shouts?|drives?|plays?|sells?|buys?|attends?|"
    r"reacts?|flees|runs?|cross(?:es)?|lies|pushes|queues?|clears?|rushes|tends?|sweeps?|"
    r"salutes?|patrols?|stand guard|takes? part"
)
#: a scene in the present tense, near the start: "A man walks past", "Residents inspect"
SCENE = _compile(
    rf"^(?:[\w'’,:-]+\s+){{1,9}}?(?<!\bto )(?<!\bwill )(?<!\bwould )(?<!\bcan )(?<!\bmay )"
    rf"(?<!\bcould )(?<!\bmust )(?<!\bdid )(?<!\bnot )(?:{_SCENE_VERBS})\b",
    _I,
)
#: a caption's date stamp at the end: "..., Syria May 4, 2016."
DATE_STAMP = _compile(
    r"(?:,\s*|\s)(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+"
    r"(?:19|20)\d\d\W*$|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
    r"\s+(?:19|20)\d\d\W*$",
    _I,
)
#: a placard, banner or sign and the word that introduces what it says
PLACARD = _compile(
    r"\b(?:placards?|banners?|signs?|posters?|slogans?|graffiti|sign ?boards?)\b[^.;\"“‘]{0,40}?"
    r"\b(?:reading|reads?|read|that (?:read|reads|said|says)|which (?:read|reads|said|says)|"
    r"saying|says|with the words|bearing|proclaiming|calling for|demanding|written)\b[:,]?\s*",
    _I,
)
QUOTED = _compile(r"[\"“‘'«]([^\"”’'»]{1,200})[\"”’'»]")
PLACARD_END = _compile(r"[,.;]|\s(?:during|at|in front of|outside|as|while|near|on|in)\s", _I)
#: someone holding up a placard, in the present tense: a photo's scene
PLACARD_SCENE = _compile(
    r"\b(?:holds?|carr(?:y|ies)|raises?|waves?|displays?|lifts?|hangs?)\s+(?:up\s+)?"
    r"(?:a|an|the|their|his|her)\s+(?:\w+\s+)?(?:placards?|banners?|signs?|posters?|flags?|"
    r"pictures?|portraits?)\b",
    _I,
)
#: words that put a sentence in earlier weeks
BACKGROUND = _compile(
    rf"\b(?<!hours )(?<!minutes )(?<!shortly )(?<!just )(?<!moments )(?<!days )"
    rf"(?:before|prior to|until|in the (?:days|weeks|months) (?:before|leading up to))\s+"
    rf"(?:the\s+)?(?:[\w'-]+\s+){{0,3}}?{TRUCE}|"
    r"\b(?:in|over|during|for|through|throughout)\s+(?:the\s+)?(?:past|last|previous|"
    r"preceding|recent)\s+(?:few\s+|two\s+|three\s+|four\s+|several\s+|many\s+)?"
    r"(?:weeks?|months?|years?)\b|"
    r"\bin recent (?:weeks|months|years)\b|\bfor (?:weeks|months|years)\b|"
    r"\b(?:weeks|months|years|(?:a|one|two|three|four|more than a) (?:weeks?|months?)) of "
    r"(?:fighting|bombardment|clashes|shelling|violence|war|siege|air ?strikes|attacks)\b|"
    r"\bearlier (?:this|in the) (?:month|year)\b|"
    r"\bsince (?:the\s+)?(?:(?:start|beginning|outbreak) of (?:the\s+)?)?(?:\w+\s+)?"
    r"(?:war|conflict|uprising|revolution|crisis)\b",
    _I,
)
#: a superlative before a background cue makes it a comparison, not a time: "the deadliest
#: attack since the war began", "the heaviest air strikes for months"
SUPERLATIVE = _compile(
    r"\b(?:\w+est|first|latest|most \w+|worst|biggest|largest|highest|only|unprecedented|"
    r"among the \w+)\b",
    _I,
)
#: past perfect told with its own recent time or as the frame of a "when" clause
RECENT = _compile(
    r"\b(?:today|yesterday|tonight|overnight|last night|this (?:morning|afternoon|evening)|"
    r"(?:on|early|late|earlier on|later on)\s+(?:monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)|hours? (?:earlier|before))\b|\bwhen\b",
    _I,
)
#: the words that point back to what the sentence before said: "fighting continued there"
ANAPHOR = _compile(
    r"\b(?:there|the (?:fighting|clashes|violence|bombardment|shelling|battles?|attacks|strikes|"
    r"raids|offensive)|it|they)\b",
    _I,
)
#: the deal named only to date what came before it: "The deal comes a week after ...",
#: "The agreement followed an air strike last week that ..."
FOLLOWS = _compile(
    rf"^\W*(?:\w+\W+){{0,3}}?(?:deal|agreement|accord|{TRUCE}|move|announcement|decision|"
    r"talks)\s+(?:\w+\s+){0,2}?(?:(?:comes?|came)\s+(?:[\w-]+\s+){0,3}?(?:after|amid)|"
    r"follows?|followed|was reached after|caps|capped)\b",
    _I,
)
#: a death toll over a period that began days ago: "in a week", "over the past two weeks"
AGGREGATE = _compile(
    r"\b(?:in|within|over|during)\s+(?:a|one|two|three|four|the past|the last)\s+"
    r"(?:weeks?|months?)\b",
    _I,
)
PAST_PERFECT = _compile(
    r"\bhad\s+(?:not\s+|already\s+|also\s+|largely\s+|previously\s+|repeatedly\s+|long\s+)?"
    r"(?!(?:seven|eleven|often|even|children|women|men|ten|open|own|down|an|it)\b)"
    r"[a-z]+(?:ed|en|wn|ght|ft|lt|nt|pt|ck|ot|ut|it|ung|uck|eld|ne|un)\b",
    _I,
)
SUBORDINATE = _compile(
    r"[,;:(]|\b(?:and|but|after|when|once|until|since|because|as|who|which|that|where|while|though|"
    r"although|if|by the time|before)\b",
    _I,
)
#: reported speech: a past perfect after these is the day's news told again
REPORTED = _compile(
    r"\b(?:said|says|say|told|tells|reported|reports|added|according to|confirmed|stated|"
    r"claimed|quoted|cited|noted|explained|announced|adding)\b",
    _I,
)
CONTINUED = _compile(
    r"\b(?:continued|continues|continue|continuing|raged|rages|persisted|persists|went on|"
    r"goes on|carried on|kept up|kept on|dragged on)\b",
    _I,
)
_ACTS = (
    r"declar\w*|announc\w*|agree\w*|extend\w*|extension|renew\w*|prolong\w*|accept\w*|"
    r"welcom\w*|endors\w*|approv\w*|sign(?:s|ed|ing)?|broker\w*|reach\w*|propos\w*|guarant\w*|"
    r"sponsor\w*|monitor(?:s|ed)?(?! said)|observ\w*|respect\w*|abid\w+|commit\w*|order(?:s|ed)?|"
    r"(?:took|take|takes|taking) effect|"
    r"(?:came|come|comes|went|go|goes|entered|enter|enters) into (?:force|effect)|"
    r"in (?:force|effect)|began|begins?|beginning|start\w*|due to|set to|held|holding|holds?|"
    r"expir\w*|effective|implement\w*|unilateral|will halt|would halt|to halt|"
    r"demand(?:s|ed)?|call(?:s|ed)? for|urg(?:es|ed)"
)
#: a truce declared, agreed, extended, accepted or said to hold
STATEMENT = _compile(
    rf"(?<![\w-])(?:{_ACTS})\b[^.;]{{0,80}}?\b{TRUCE}\b|"
    rf"\b{TRUCE}\b[^.;]{{0,80}}?(?<![\w-])(?:{_ACTS})\b",
    _I,
)
#: a truce named only to say when something else happened: "hours before the truce took effect"
WHEN_TRUCE = _compile(
    rf"\b(?:before|after|since|until|till|when|once|as soon as|prior to|ahead of|following)\s+"
    rf"(?:the\s+|a\s+)?(?:[\w-]+\s+){{0,3}}?{TRUCE}(?:\s+(?:[\w-]+\s+){{0,3}}?"
    rf"(?:took effect|takes effect|began|begun|begins|started|starts|came into (?:force|effect)|"
    rf"went into (?:force|effect)|entered into force|was (?:declared|announced|agreed|reached)|"
    rf"expired|ended))?",
    _I,
)
#: a claim that violence decreased or that the truce holds
CLAIM = _compile(
    r"\b(?:decrease|decline|drop|reduction|fall|let-?up|easing|lull)\s+in\s+(?:the\s+)?"
    r"(?:overall\s+)?(?:level\s+of\s+)?(?:violence|fighting|attacks|hostilities|bombardment|"
    r"shelling|clashes|air ?strikes|casualties|deaths)\b|"
    r"\b(?:violence|fighting|hostilities)\s+(?:has\s+|have\s+|had\s+)?(?:\w+ly\s+)?"
    r"(?:decreased|declined|dropped|fallen|fell|eased|subsided|diminished|abated|"
    r"(?:been\s+)?reduced|calmed)\b|"
    r"\b(?:attacks|shelling|clashes|bombardment|air ?strikes)\s+(?:has\s+|have\s+|had\s+)?"
    r"(?:\w+ly\s+)?(?:decreased|declined|eased|subsided|diminished|abated)\b|"
    r"\b(?:relative\s+)?calm\s+(?:has\s+|had\s+)?(?:prevailed|returned|held|reigned)\b|"
    r"\b(?:largely|mostly|broadly|generally)\s+(?:holding|held|respected|observed|quiet)\b",
    _I,
)
#: what someone accuses the other side of, counts of violations, threats, and violence said
#: not to have happened: statements, not reports of an event
ACCUSATION = _compile(
    rf"\b(?:accus\w+|blam\w+)\b[^.;]{{0,80}}?\b(?:of|for)\s+(?:\w+\s+){{0,2}}?"
    rf"(?:violat\w*|breach\w*|break\w*|flouting|undermin\w*|mobili[sz]\w*|massing|"
    rf"preparing)\b|"
    rf"\b(?:violat\w*|breach\w*)\s+(?:\w+\s+){{0,4}}?{TRUCE}\s+(?:\w+\s+){{0,2}}?"
    rf"(?:\d[\d,]*|\w+)\s+times\b|"
    r"\b(?:no|without)\s+(?:\w+\s+){0,2}?(?:fighting|clashes|attacks|shelling|air ?strikes|"
    r"violence|violations|casualties)\s+(?:was|were|has been|have been|had been)\s+"
    r"(?:reported|recorded|heard|registered)\b|"
    r"\b(?:fl(?:ew|own|ying|ies)|overfl\w+)\s+over\b(?![^.;]*\b(?:bomb|struck|strike|fired|"
    r"shell|killed|hit)\w*)|"
    # a denial: "Hamas denied that it had fired the rockets", "denied using chemical weapons",
    # "denies any role in the attack", "Khartoum denies this"
    r"\b(?:denied|denies|deny)\s+(?:that\s+)?(?:it|they|he|its\s+\w+)\s+(?:had|has|have|was|were)?\s*"
    r"(?:\w+\s+)?(?:fired|launched|carried|attacked|shelled|struck|bombed)\b|"
    r"\b(?:denied|denies|deny|denying)\s+(?:any\s+)?(?:(?:role|involvement|part)\s+in|"
    r"responsibility\s+for|carrying\s+(?:it\s+)?out|using|firing|launching|attacking|shelling|"
    r"bombing|targeting|this|that\b(?!\s+(?:it|they|he)\b)|the\s+(?:accusations?|charges?|"
    r"claims?|reports?|allegations?))",
    _I,
)
#: a threat: the violence it names has not happened ("warned it would launch missiles")
THREAT = _compile(
    r"\bthreaten(?:s|ed|ing)?\s+(?:\w+\s+){0,3}?to\b|\bwarn\w*\s+(?:\w+\s+){0,6}?(?:would|will)\b|"
    # a vow or an order, not a fight: "would go on fighting Islamic State", "demanded an
    # immediate halt to the fighting", "orders the armed forces to halt offensive operations,
    # while allowing them to respond to attacks"
    r"\b(?:would|will)\s+(?:go on|continue|keep(?: on)?)\s+(?:fighting|to fight)\b|"
    r"\b(?:demand\w*|call\w* for|urg\w*)\s+(?:an?\s+|the\s+)?(?:immediate\s+)?(?:halt|end|stop)\s+"
    r"(?:to|of)\s+(?:the\s+)?(?:fighting|hostilities|clashes)\b|"
    r"\border\w*\s+(?:the\s+)?(?:armed\s+)?(?:forces|troops|army)\s+to\s+(?:halt|stop|cease)\b|"
    # an ultimatum, a demand that the other side stop: "surrender or face an assault",
    # "demanded that Khartoum stop bombing southern territory"
    r"\bor\s+face\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:assault|attack|offensive|military action)\b|"
    r"\b(?:demand\w*|call\w*\s+on|urg\w*)\s+(?:that\s+)?(?:[\w'’-]+\s+){0,8}?(?:to\s+)?"
    r"(?:stop|halt|cease|end)\s+(?:its\s+|their\s+|the\s+)?(?:bombing|shelling|attacks|"
    r"air ?strikes|fighting|hostilities|offensive)\b|"
    r"\ballow\w*\s+(?:them|it|the\s+\w+)\s+to\s+respond\b",
    _I,
)
#: a verb in the simple past or a past participle: a quotation that has one may tell news
PAST = _compile(
    r"\b(?:\w{2,}ed|blew|hit|struck|shot|fell|took|taken|fought|began|threw|broke|killed|was|were|"
    r"had)\b",
    _I,
)
VIOLATION = _compile(
    r"\b(?:violat\w*|breach\w*|broke|breaking|broken|despite|in spite of|flout\w*|shatter\w*|"
    r"undermin\w*|collaps\w*)\b",
    _I,
)
#: a direct quotation and who said it: '"We cannot negotiate while the regime bombs our
#: people," said ...'
QUOTE = _compile(r"[\"“]([^\"”]{12,})[\"”]")
SPEECH = _compile(
    r"\b(?:said|says|told|added|warned|declared|stressed|insisted|asked|wrote|tweeted)\b", _I
)
#: the clause after these may report the day's violence beside a statement
CONTRAST = _compile(r"\b(?:but|however|yet|although|though|even as|while)\b", _I)
_STARTS = (
    r"(?:began|begun|begins|started|starts|took effect|takes effect|came into (?:force|effect)|"
    r"went into (?:force|effect)|entered into force|was (?:declared|announced|agreed|reached)|"
    r"(?:was |had been |has been )?(?:declared|announced|agreed|reached|brokered))"
)
#: "since the truce began", "since the start of the ceasefire"
SINCE_TRUCE = _compile(
    rf"\bsince\s+(?:the\s+)?(?:(?:start|beginning) of (?:the\s+)?(?:[\w-]+\s+){{0,2}}?{TRUCE}|"
    rf"(?:[\w-]+\s+){{0,3}}?{TRUCE}\s+(?:[\w-]+\s+){{0,2}}?{_STARTS})",
    _I,
)
#: a sentence saying when a truce took effect: "The truce took effect at 00:01 on Wednesday"
TRUCE_STARTS = _compile(
    rf"\b{TRUCE}\b[^.;]{{0,60}}?\b(?:{_STARTS}|due to (?:start|begin|take effect)|from|starting)"
    rf"\b|\b(?:declared|announced|agreed)\b[^.;]{{0,40}}?\b{TRUCE}\b[^.;]{{0,40}}?"
    rf"\b(?:from|starting|beginning|effective|at)\b",
    _I,
)
#: the side that declares or guarantees a truce: "brokered by Russia and the US"
BY = _compile(
    r"\b(?:brokered|sponsored|guaranteed|mediated|declared|announced|proposed|agreed|"
    r"negotiated|backed|drafted|monitored|overseen|supervised|initiated|arranged|extended|"
    r"endorsed|accepted)\s+(?:jointly\s+)?by\s+(?:the\s+)?$",
    _I,
)
AND = _compile(r"^\s*(?:,|and|&)\s*(?:the\s+)?$|^\s*,\s*(?:and\s+)?(?:the\s+)?$", _I)
GUARANTOR = _compile(
    r"\b(?:guarantors?|co-?chairs?|co-?sponsors?|sponsors?|mediators?|brokers?)\b", _I
)
#: a side as the subject of a truce act: "Russia and the United States agreed ..."
DECLARES = _compile(
    r"^(?:['’]s?\s+)?(?:\s*(?:,|and)\s+(?:the\s+)?[\w' -]{1,40}?)?\s*(?:,[^,]{1,60},\s*)?"
    r"(?:has\s+|have\s+|had\s+|also\s+|jointly\s+|then\s+|on\s+\w+\s+|formally\s+|"
    r"unilaterally\s+)*(?:declared|announced|agreed|brokered|extended|accepted|welcomed|"
    r"guaranteed|sponsored|proposed|signed|endorsed|approved|renewed|offered|unveiled|pledged|"
    r"committed|called for|ordered|will (?:observe|respect|abide)|would (?:observe|respect|"
    r"abide)|said it would (?:observe|respect|abide))\b",
    _I,
)

# Arabic, folded (docs/news.md "Arabic"): a truce, with the prefixes written glued to it
AR_TRUCE = (
    r"(?<!\w)[وفبل]?(?:ال|لل)?(?:هدن\w*|تهدئ\w*|وقف\w*\s+(?:\w+\s+)?ل?(?:ال)?[إا]طلاق\s+(?:ال)?نار|"
    r"وقف\w*\s+(?:ال)?(?:أعمال|عمليات)\s+(?:ال)?(?:عدائية|قتالية))"
)
AR = {
    name: re.compile(fold_pattern(p))
    for name, p in (
        (
            "caption",
            r"\(\s*(?:صورة|الصورة|تصوير)|^\W*(?:صورة|الصورة|تصوير)\s*:|صورة\s+(?:أرشيفية|ارشيفية)",
        ),
        (
            "placard",
            r"(?:لافتة|لافتات|يافطة|يافطات|شعار|شعارات)\s+(?:\S+\s+){0,3}?(?:كتب|مكتوب|تقول|تحمل|"
            r"عليها)",
        ),
        (
            "background",
            rf"قبل\s+(?:\S+\s+)?{AR_TRUCE}|(?:الشهر|العام)\s+الماضي|(?:الأسابيع|الأشهر|الشهور|"
            r"الأسبوعين|الشهرين)\s+(?:الماضية|الأخيرة|الماضيين|الأخيرين)|"
            r"منذ\s+(?:انهيار|بداية|اندلاع)|(?:قبل|منذ)\s+(?:أسابيع|أشهر|شهور|سنوات)|"
            # "منذ نيسان الماضي", "منذ مطلع نوفمبر": since a month gone by
            r"منذ\s+(?:(?:مطلع|أوائل|منتصف|أواخر|بداية)\s+)?(?:كانون|شباط|آذار|نيسان|أيار|حزيران|"
            r"تموز|آب|أيلول|تشرين|يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|"
            r"نوفمبر|ديسمبر)|"
            r"^\W*(?:و)?(?:كان|كانت)\s+(?:\S+\s+){0,6}?قد\s",
        ),
        (
            "statement",
            r"(?:أعلن\w*|اتفق\w*|توصل\w*|تمديد|مدد\w*|قبول|قبل\w*|وافق\w*|موافق\w*|رحب\w*|ترحيب\w*|"
            r"يبدأ|تبدأ|بدأ\w*|دخل\w*|سريان|صمود|صامد\w*|تلتزم|يلتزم|التزام\w*|تطبيق)\s+"
            rf"(?:\S+\s+){{0,15}}?{AR_TRUCE}|"
            rf"{AR_TRUCE}\s+(?:\S+\s+){{0,6}}?(?:حيز\s+التنفيذ|يدخل|دخل\w*|تمديد|صامد\w*|تبدأ|"
            r"بدأ\w*|سريان)|(?:تراجع|انخفاض|انخفض|تراجعت|انخفضت)\s+(?:\S+\s+)?(?:العنف|أعمال\s+"
            r"العنف|المعارك|الاشتباكات|القصف|الخروقات)",
        ),
        ("violation", r"خرق|خروقات|انتهاك|انتهاكات|رغم|انهيار|انهارت"),
        (
            "claim",
            r"(?:تراجع|انخفاض|انخفض|تراجعت|انخفضت)\s+(?:\S+\s+)?(?:حدة\s+)?(?:العنف|أعمال\s+العنف|"
            r"المعارك|الاشتباكات|القصف|الخروقات|القتال)|(?:حدة\s+)?(?:العنف|القتال|المعارك|"
            r"الاشتباكات)\s+(?:\S+\s+){0,3}?(?:تراجع\w*|انخفض\w*)|"
            r"(?:ملتزم\w*|التزام\w*|تلتزم|يلتزم)\s+(?:\S+\s+){0,3}?" + AR_TRUCE + r"|"
            r"(?:هدد\w*|تهدد|يهدد|توعد\w*)\s|(?:اتهم\w*|يتهم|تتهم|متهم\w*)\s|"
            r"لن\s+[تين](?:قبل|سمح|تسامح|سكت)\w*\s|"  # "لن تقبل بإطلاق الصواريخ": a warning
            # readiness and vows: "في حالة تأهب قصوى للرد على أي هجوم", "مستمرة حتى استعادة سرت"
            r"للرد\s+على\s+[أا]ي\s|حال[ةه]\s+(?:ال)?تأهب|حتى\s+(?:استعادة|تحرير)\s|"
            # a deal not signed: "فصيلين لم يوقعا الاتفاق"
            r"(?:لم|لن)\s+[يت]وقع\w*\s|"
            r"(?:أوقف\w*|توقف\w*|وقف)\s+(?:\S+\s+)?(?:غارات\w*|القصف|العمليات|الضربات)",
        ),
        ("reported", r"(?:قال|قالت|أفاد|أفادت|ذكر|ذكرت|أكد|أكدت|وفق|بحسب)\s"),
        ("past_perfect", r"كان\w?\s+(?:\S+\s+){0,6}?قد"),
        ("truce", AR_TRUCE),
        (
            "declarer",
            r"(?:أعلن\w*|اتفق\w*|وافق\w*|برعاية|بوساطة|رعاية|بضمانة|ضمانة|الضامن\w*|مدد\w*|قرر\w*)"
            r"\s+(?:\S+\s+){0,2}?$",
        ),
    )
}
#: what an Arabic placard says, in the text as written: "لافتات كتب عليها «أنقذوا حلب»"
AR_PLACARD_WORDS = re.compile(
    r"(?:لافت\w*|يافط\w*|شعار\w*)\s+(?:\S+\s+){0,3}?(?:ك[ُ]?تب|مكتوب|تقول|يقول|تحمل|حملت)\s+"
    r"(?:\S+\s+){0,2}?:?\s*([«\"“][^»\"”]{1,200}[»\"”])"
)
