"""Source adapters: one module per source, each registered under its command-line name.

Importing this package registers every adapter: ``ucdp-ged`` (``ucdp_ged.v1``), ``acled``
(``acled.v1``), ``gdelt`` (``gdelt.v2``), ``csv`` (``csv.v1``) and ``news`` (``news.v1``:
articles through the text pipeline, docs/news.md). Get one with
:func:`~trucewatch.sources.base.adapter_for`; docs/adapters.md describes each.
"""

from trucewatch.sources import acled, gdelt, generic_csv, news, ucdp_ged
from trucewatch.sources.acled import AcledAdapter
from trucewatch.sources.base import (
    Adapter,
    ReadResult,
    Record,
    adapter_for,
    register,
    registered_adapters,
)
from trucewatch.sources.gdelt import GdeltAdapter
from trucewatch.sources.generic_csv import GenericCsvAdapter, mapping_from_file
from trucewatch.sources.ucdp_ged import UcdpGedAdapter

__all__ = [
    "AcledAdapter",
    "Adapter",
    "GdeltAdapter",
    "GenericCsvAdapter",
    "ReadResult",
    "Record",
    "UcdpGedAdapter",
    "acled",
    "adapter_for",
    "gdelt",
    "generic_csv",
    "mapping_from_file",
    "news",
    "register",
    "registered_adapters",
    "ucdp_ged",
]
