"""What a command does to its own process to end sooner: no import of pandas that pyarrow
does not need (:func:`skip_pandas_probe`), no collector pass over every object at exit
(:func:`freeze_at_exit`). Library functions never call these.

On its first conversion between Python or numpy values and Arrow (``pa.array``, ``to_numpy``,
``np.asarray`` of an array) pyarrow probes whether pandas is installed, by importing it: about
0.1-0.4 s of a command (``trucewatch verdicts`` after an ingest of 10,000 events takes under
2 s in all). trucewatch hands pyarrow no pandas objects, so a command answers that probe with
"no pandas" (:func:`skip_pandas_probe`). Nothing else changes: pyarrow imports pandas again
whenever it is asked for pandas by name (``to_pandas``, ``from_pandas``), and a process that has
imported pandas already is left alone. Library functions never call this (a program using
trucewatch may give pyarrow pandas objects).

At exit the interpreter runs the cyclic garbage collector over every object still alive (the
modules of numba, DuckDB, pyarrow, shapely...: ~0.2-0.6 s of a command on a busy machine).
:func:`freeze_at_exit` moves them to the collector's permanent generation first, which that
pass does not walk; nothing is left undone that the process's end does not do anyway.
"""

from __future__ import annotations

import atexit
import gc
import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType

__all__ = ["freeze_at_exit", "skip_pandas_probe"]


class _NoPandas(MetaPathFinder):
    """A finder that says pandas cannot be imported (only while pyarrow probes)."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if fullname == "pandas":
            raise ModuleNotFoundError("pandas is not used by this command", name=fullname)
        return None


def skip_pandas_probe() -> None:
    """Make pyarrow's first probe for pandas find none (see the module's text); call it at
    the start of a command, before any Arrow conversion and with no other thread running."""
    if "pandas" in sys.modules:
        return
    import pyarrow as pa

    finder = _NoPandas()
    sys.meta_path.insert(0, finder)
    try:
        pa.array([0])  # the probe: pyarrow remembers that pandas "was not there"
    finally:
        sys.meta_path.remove(finder)


def freeze_at_exit() -> None:
    """Freeze every object alive at exit before the interpreter's last collections (see the
    module's text); registered once per process."""
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
