"""Pieces of a file worked on in threads (sources/_parallel.in_order) come out as a plain map
gives them: in order, errors where they belong, everything closed when left early."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from trucewatch.sources._parallel import in_order


def _square_in_a_thread(seen: set[str]):
    def work(item: int) -> int:
        seen.add(threading.current_thread().name)
        return item * item

    return work


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_in_order_gives_every_result_in_the_items_order(workers: int) -> None:
    seen: set[str] = set()
    assert list(in_order(_square_in_a_thread(seen), iter(range(40)), workers)) == [
        i * i for i in range(40)
    ]
    if workers > 1:
        assert all(name.startswith("trucewatch-piece") for name in seen)


def test_an_error_of_the_work_comes_where_its_result_would_have() -> None:
    def work(item: int) -> int:
        if item == 5:
            raise ValueError("item 5 is bad")
        return item

    got: list[int] = []
    with pytest.raises(ValueError, match="item 5 is bad"):
        for value in in_order(work, iter(range(10)), 2):
            got.append(value)
    assert got == [0, 1, 2, 3, 4]


def test_an_error_of_the_items_comes_after_the_results_before_it() -> None:
    def items() -> Iterator[int]:
        yield from range(4)
        raise OSError("the file went away after item 3")

    got: list[int] = []
    with pytest.raises(OSError, match="went away"):
        for value in in_order(lambda i: i, items(), 2):
            got.append(value)
    assert got == [0, 1, 2, 3]


def test_leaving_in_order_early_closes_the_items_and_its_threads() -> None:
    closed = threading.Event()

    def items() -> Iterator[int]:
        try:
            yield from range(1000)
        finally:
            closed.set()

    before = {t.name for t in threading.enumerate()}
    results = in_order(lambda i: i, items(), 2)
    assert next(results) == 0
    results.close()
    assert closed.is_set()
    after = {t.name for t in threading.enumerate() if t.name.startswith("trucewatch-piece")}
    assert not after - before
