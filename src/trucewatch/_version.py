"""The installed distribution's version (pyproject.toml is its one source), on the lowest floor
so that every module can name it; read from the package metadata on first use (PEP 562)."""

from __future__ import annotations

from typing import Any

__all__ = ["version"]  # and __version__, read on first use


def version() -> str:
    """The version of the installed ``trucewatch`` distribution."""
    from importlib.metadata import version as installed

    return installed("trucewatch")


def __getattr__(name: str) -> Any:
    if name == "__version__":
        value = version()
        globals()[name] = value  # cached: the next access does not come here
        return value
    raise AttributeError(f"module 'trucewatch._version' has no attribute {name!r}")
