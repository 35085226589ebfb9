"""From news text to events: cleaning, gazetteer, places, dates, numbers, actors, types.

Rules and an embedded gazetteer, no statistical model (see docs/news.md). The entry points are
:func:`~trucewatch.text.pipeline.extract` (one article),
:func:`~trucewatch.text.articles.extract_articles` (every article of a text, HTML or
JSON-lines file, and the rows that cannot be read) and
:func:`~trucewatch.text.articles.extract_file` (its events, stopping at a bad row).
"""

from trucewatch.text.articles import ArticleEvents, extract_articles, extract_file
from trucewatch.text.clean import Article, read_articles
from trucewatch.text.gazetteer import Gazetteer, Place, default_gazetteer, load_geonames
from trucewatch.text.pipeline import Extraction, extract

__all__ = [
    "Article",
    "ArticleEvents",
    "Extraction",
    "Gazetteer",
    "Place",
    "default_gazetteer",
    "extract",
    "extract_articles",
    "extract_file",
    "load_geonames",
    "read_articles",
]
