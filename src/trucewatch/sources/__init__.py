"""Source adapters: one module per source, each registered under its command-line name.

The adapters are ``ucdp-ged`` (``ucdp_ged.v1``), ``acled`` (``acled.v1``), ``gdelt``
(``gdelt.v2``), ``csv`` (``csv.v1``) and ``news`` (``news.v1``: articles through the text
pipeline, docs/news.md). Get one with :func:`~trucewatch.sources.base.adapter_for`, which
imports only that adapter's module (``base.ADAPTER_MODULES``); the names below are imported on
first use (PEP 562). docs/adapters.md describes each adapter.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

#: public name -> the module it lives in ("" for the adapter modules themselves)
_EXPORTS: dict[str, str] = {
    "AcledAdapter": "trucewatch.sources.acled",
    "Adapter": "trucewatch.sources.base",
    "GdeltAdapter": "trucewatch.sources.gdelt",
    "GenericCsvAdapter": "trucewatch.sources.generic_csv",
    "ReadResult": "trucewatch.sources.base",
    "Record": "trucewatch.sources.base",
    "UcdpGedAdapter": "trucewatch.sources.ucdp_ged",
    "acled": "",
    "adapter_for": "trucewatch.sources.base",
    "gdelt": "",
    "generic_csv": "",
    "mapping_from_file": "trucewatch.sources.generic_csv",
    "news": "",
    "register": "trucewatch.sources.base",
    "registered_adapters": "trucewatch.sources.base",
    "ucdp_ged": "",
}

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


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'trucewatch.sources' has no attribute {name!r}")
    module = _EXPORTS[name]
    if not module:
        return importlib.import_module(f"{__name__}.{name}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
