"""trucewatch: monitor ceasefires from agreements and conflict events.

Import the public API from here; modules below may move.
"""

from trucewatch.errors import (
    AgreementError,
    BadRowsError,
    BoundaryError,
    NotFoundError,
    RowError,
    SourceError,
    StoreError,
    TrucewatchError,
    ValidationError,
)
from trucewatch.model import (
    Actors,
    DatePrecision,
    Event,
    Fatalities,
    Interval,
    Location,
    LocationPrecision,
    Provenance,
)

__version__ = "0.1.0"

__all__ = [
    "Actors",
    "AgreementError",
    "BadRowsError",
    "BoundaryError",
    "DatePrecision",
    "Event",
    "Fatalities",
    "Interval",
    "Location",
    "LocationPrecision",
    "NotFoundError",
    "Provenance",
    "RowError",
    "SourceError",
    "StoreError",
    "TrucewatchError",
    "ValidationError",
    "__version__",
]
