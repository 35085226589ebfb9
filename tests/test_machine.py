"""The test helpers of tests/machine.py: no silent skip of the browser tests, scaled timeouts."""

from __future__ import annotations

import pytest
from _pytest.outcomes import Failed, Skipped

from machine import SKIP_BROWSER_ENV, TIMEOUT_SCALE_ENV, chromium, machine_factor, scaled


@pytest.fixture
def no_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.delenv(SKIP_BROWSER_ENV, raising=False)


def test_missing_chromium_fails_the_browser_tests_saying_how_to_install_it(no_browser):
    with pytest.raises(Failed, match="apt-get install chromium"):
        chromium()


def test_missing_chromium_skips_only_when_asked(no_browser, monkeypatch):
    monkeypatch.setenv(SKIP_BROWSER_ENV, "1")
    with pytest.raises(Skipped, match=SKIP_BROWSER_ENV):
        chromium()


def test_chromium_env_var_names_the_browser(no_browser, monkeypatch):
    monkeypatch.setenv("CHROMIUM", "/opt/chrome/chrome")
    assert chromium() == "/opt/chrome/chrome"


def test_timeouts_never_shrink_and_follow_the_given_scale(monkeypatch):
    assert scaled(10) >= 10
    machine_factor.cache_clear()
    monkeypatch.setenv(TIMEOUT_SCALE_ENV, "3")
    try:
        assert scaled(10) == 30
    finally:
        machine_factor.cache_clear()
