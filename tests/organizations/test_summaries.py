"""Figures kept until what they count changes (organizations.summaries): counted by one process
at a time, the others waiting for its figure or, for the leadership's, shown the previous one."""

import threading

import pytest
from django.core.cache import cache

from organizations import summaries


class Counter:
    """A figure's computation that says how often it ran."""

    def __init__(self, value):
        self.value = value
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.value


def counting_mark(version: int, key: str) -> str:
    return f"summary:{summaries.RATINGS}:{version}:{key}:counting"


def later(seconds: float, action) -> threading.Timer:
    timer = threading.Timer(seconds, action)
    timer.start()
    return timer


@pytest.fixture
def no_waiting(monkeypatch):
    """Fail the test if a reader sleeps, waiting for another process's count."""

    def sleep(seconds):
        raise AssertionError(f"the reader waited ({seconds} s) instead of answering at once")

    monkeypatch.setattr(summaries.time, "sleep", sleep)


def test_a_figure_is_counted_once_a_version():
    first, second = Counter({"total": 3}), Counter({"total": 4})

    assert summaries.cached(summaries.RATINGS, "scope", first, at=1) == {"total": 3}
    assert summaries.cached(summaries.RATINGS, "scope", first, at=1) == {"total": 3}
    assert first.calls == 1
    # What it counts changed: counted again.
    assert summaries.cached(summaries.RATINGS, "scope", second, at=2) == {"total": 4}
    assert second.calls == 1


@pytest.mark.django_db
def test_a_change_counts_the_figure_afresh(django_capture_on_commit_callbacks):
    before, after = Counter(10), Counter(11)
    assert summaries.cached(summaries.RATINGS, "scope", before) == 10

    with django_capture_on_commit_callbacks(execute=True):
        summaries.changed(summaries.RATINGS)

    assert summaries.cached(summaries.RATINGS, "scope", after) == 11
    assert (before.calls, after.calls) == (1, 1)


def test_a_reader_waits_for_the_figure_another_process_counts():
    # Another process took the figure to count it, and stores it a moment later.
    cache.add(counting_mark(1, "scope"), True)
    counted = later(0.2, lambda: cache.set(f"summary:{summaries.RATINGS}:1:scope", 42))
    mine = Counter(0)

    assert summaries.cached(summaries.RATINGS, "scope", mine, at=1) == 42
    assert mine.calls == 0  # not counted twice
    counted.join()


def test_a_reader_counts_for_itself_when_the_other_stops_without_a_figure():
    # The other process failed: its mark goes, no figure comes.
    cache.add(counting_mark(1, "scope"), True)
    failed = later(0.2, lambda: cache.delete(counting_mark(1, "scope")))
    mine = Counter(7)

    assert summaries.cached(summaries.RATINGS, "scope", mine, at=1) == 7
    assert mine.calls == 1
    failed.join()


def test_a_count_that_fails_lets_the_next_reader_count(no_waiting):
    def broken():
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        summaries.cached(summaries.RATINGS, "scope", broken, at=1)

    # No mark left behind: the next reader counts at once rather than waiting for nobody.
    assert summaries.cached(summaries.RATINGS, "scope", Counter(5), at=1) == 5


def test_the_leadership_is_shown_the_previous_figure_while_another_counts_it(no_waiting):
    summaries.cached(summaries.RATINGS, "scope", Counter(100), at=1, previous=True)
    # Something changed; another process is counting the new figure.
    cache.add(counting_mark(2, "scope"), True)
    mine = Counter(101)

    assert summaries.cached(summaries.RATINGS, "scope", mine, at=2, previous=True) == 100
    assert mine.calls == 0

    # Once counted, everyone gets the new figure.
    cache.set(f"summary:{summaries.RATINGS}:2:scope", 101)
    cache.delete(counting_mark(2, "scope"))
    assert summaries.cached(summaries.RATINGS, "scope", mine, at=2, previous=True) == 101


def test_with_no_previous_figure_the_reader_counts_without_a_mark(no_waiting):
    # The first count of all: nobody else is counting, nothing to show meanwhile.
    mine = Counter(9)

    assert summaries.cached(summaries.RATINGS, "scope", mine, at=1, previous=True) == 9
    assert mine.calls == 1


def test_figures_of_other_scopes_are_not_shown_as_previous(no_waiting):
    summaries.cached(summaries.RATINGS, "division-a", Counter(100), at=1, previous=True)
    mine = Counter(3)

    assert summaries.cached(summaries.RATINGS, "division-b", mine, at=2, previous=True) == 3
    assert mine.calls == 1
