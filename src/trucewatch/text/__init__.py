"""From news text to events: cleaning, gazetteer, places, dates, numbers, actors, types.

Rules and an embedded gazetteer, no statistical model (see docs/news.md). The entry points are
:func:`~trucewatch.text.pipeline.extract` (one article) and
:func:`~trucewatch.text.pipeline.extract_file` (a text, HTML or JSON-lines file).
"""

from trucewatch.text.clean import Article, read_articles
from trucewatch.text.gazetteer import Gazetteer, Place, default_gazetteer, load_geonames
from trucewatch.text.pipeline import Extraction, extract, extract_file

__all__ = [
    "Article",
    "Extraction",
    "Gazetteer",
    "Place",
    "default_gazetteer",
    "extract",
    "extract_file",
    "load_geonames",
    "read_articles",
]
