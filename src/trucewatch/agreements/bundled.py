"""The reference agreements shipped with trucewatch (Syria 2016), in ``agreements/examples/``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from trucewatch.agreements.loader import load_agreements
from trucewatch.geo.boundaries import BoundarySet
from trucewatch.model.agreement import Agreement

__all__ = ["example_paths", "load_examples"]


def example_paths() -> list[Path]:
    """Paths of the bundled example agreement files, sorted by name."""
    folder = Path(str(resources.files("trucewatch.agreements").joinpath("examples")))
    return sorted(folder.glob("*.yaml"))


def load_examples(boundaries: BoundarySet | None = None) -> list[Agreement]:
    """Load every bundled example (``syria-coh-2016``, ``aleppo-calm-2016-05``, ...)."""
    return load_agreements(example_paths(), boundaries=boundaries)
