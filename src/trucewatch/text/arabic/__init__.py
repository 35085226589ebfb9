"""Arabic news text: letters folded for matching (:mod:`.letters`), sentences (:mod:`.split`),
numbers and death tolls (:mod:`.numbers`), dates (:mod:`.dates`), event keywords and types
(:mod:`.types`), sides (:mod:`.actors`), place names (:mod:`.names`, :mod:`.places`).

The pipeline reads an article with these rules when it is Arabic
(:func:`trucewatch.text.rule_sets.rules_for`); see docs/news.md, "Arabic".
"""
