"""Feed options as the store or the command line give them: flags and counts written as text
are read as such ("false" is false), anything else is refused naming the option."""

from __future__ import annotations

import pytest

from trucewatch.errors import SourceError
from trucewatch.feeds.folder import FolderFeed
from trucewatch.feeds.gdelt import GdeltFeed
from trucewatch.feeds.rss import RssFeed


@pytest.mark.parametrize(("given", "read"), [(False, False), ("false", False), ("True", True)])
def test_feed_flag_written_as_text_is_read_as_a_flag(given, read):
    assert GdeltFeed(translated=given).translated is read
    assert RssFeed("https://x.org/f", fetch=given).fetch is read


def test_feed_count_written_as_digits_is_a_number():
    assert GdeltFeed(max_slots="4").max_slots == 4
    assert FolderFeed("/tmp", keep="7", settle_s="2.5").settle_s == 2.5


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (lambda: GdeltFeed(translated="maybe"), "translated: 'maybe' is not true or false"),
        (lambda: GdeltFeed(max_slots=0), "max_slots: 0 is not a whole number >= 1"),
        (lambda: GdeltFeed(max_slots=True), "max_slots: True"),
        (lambda: RssFeed("https://x.org/f", keep_ids="many"), "keep_ids: 'many'"),
        (lambda: FolderFeed("/tmp", settle_s=-1), "settle_s: -1 is not a number of seconds"),
        (lambda: FolderFeed("/tmp", pattern=" | "), "names no file pattern"),
    ],
)
def test_feed_option_of_the_wrong_kind_is_refused_naming_it(build, match):
    with pytest.raises(SourceError, match=match):
        build()
