"""What the tests need of the machine they run on.

- :func:`chromium`: Debian's Chromium for the browser tests. ``make test`` installs it; when it
  is absent the browser tests FAIL saying so (a silent skip would hide that the dashboard and
  the report were never drawn), unless ``TRUCEWATCH_SKIP_BROWSER=1`` asks to skip them.
- :func:`scaled`: a timeout that grows on a slow or busy machine. Timeouts in tests are there to
  stop a hung test, never to measure speed (benchmarks do that), so they are written for an
  idle development machine and multiplied by :func:`machine_factor`.
"""

from __future__ import annotations

import functools
import os
import shutil
import time

import pytest

__all__ = [
    "SKIP_BROWSER_ENV",
    "TIMEOUT_SCALE_ENV",
    "chromium",
    "machine_factor",
    "scaled",
    "scaled_ms",
]

SKIP_BROWSER_ENV = "TRUCEWATCH_SKIP_BROWSER"
TIMEOUT_SCALE_ENV = "TRUCEWATCH_TIMEOUT_SCALE"

#: seconds a 1,000,000-step Python loop takes on an idle development machine (2026-12)
_REFERENCE_LOOP_SECONDS = 0.06
_MAX_FACTOR = 20.0


def chromium() -> str:
    """The Chromium executable (``$CHROMIUM``, else ``chromium`` on PATH); fails without one."""
    found = (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if found:
        return found
    if os.environ.get(SKIP_BROWSER_ENV) == "1":
        pytest.skip(f"browser tests skipped on request ({SKIP_BROWSER_ENV}=1)")
    pytest.fail(
        "no Chromium on PATH: the browser tests need it. `make test` installs Debian's "
        "(apt-get install chromium); or set CHROMIUM=/path/to/chromium; or set "
        f"{SKIP_BROWSER_ENV}=1 to skip these tests knowingly",
        pytrace=False,
    )


@functools.cache
def machine_factor() -> float:
    """How much slower than an idle development machine this one is now (1 to 20).

    ``$TRUCEWATCH_TIMEOUT_SCALE`` sets it; otherwise a short CPU loop is timed against its
    reference and multiplied by the load per core, both at least 1.
    """
    given = os.environ.get(TIMEOUT_SCALE_ENV)
    if given:
        return min(_MAX_FACTOR, max(1.0, float(given)))
    start = time.perf_counter()
    total = 0
    for i in range(1_000_000):
        total += i * i
    speed = (time.perf_counter() - start) / _REFERENCE_LOOP_SECONDS
    load = os.getloadavg()[0] / (os.cpu_count() or 1)
    return min(_MAX_FACTOR, max(1.0, speed) * max(1.0, load))


def scaled(seconds: float) -> float:
    """``seconds`` (a timeout right for an idle development machine) for this machine."""
    return seconds * machine_factor()


def scaled_ms(milliseconds: float) -> float:
    """:func:`scaled` in milliseconds (Playwright's unit)."""
    return milliseconds * machine_factor()
