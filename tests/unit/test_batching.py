"""Batches and tasks: a fixed batch size (memory), a bounded number of mapped tasks sharing the batches,
batches sized from the corpus where one task is one batch; unchanged documents split off."""

from __future__ import annotations

import math
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from news_etl.pipeline import (
    batch_size_for,
    share_order,
    shared_batch_size,
    slot_batches,
    split_unchanged,
    task_count,
)
from news_etl.records import Failure, RawDocument


@pytest.mark.parametrize(("inputs", "batch_size", "max_batches", "size", "batches"), [
    (1_000, 250, 512, 250, 4),
    (10_000, 250, 512, 250, 40),
    (100_000, 250, 512, 250, 400),
    (1_000_000, 250, 512, 1954, 512),   # raised so that the run stays at the cap
    (11, 4, 512, 4, 3),                 # the seeds in `make demo`
    (0, 250, 512, 250, 0),
])
def test_batch_counts_follow_the_corpus_size(inputs: int, batch_size: int, max_batches: int, size: int,
                                             batches: int) -> None:
    assert batch_size_for(inputs, batch_size, max_batches) == size
    assert math.ceil(inputs / size) == batches


@given(st.integers(0, 5_000_000), st.integers(1, 100_000), st.integers(1, 1024))
def test_a_run_never_exceeds_the_batch_cap_nor_shrinks_batches(inputs: int, batch_size: int,
                                                              max_batches: int) -> None:
    size = batch_size_for(inputs, batch_size, max_batches)
    assert size >= batch_size
    assert math.ceil(inputs / size) <= max_batches


@pytest.mark.parametrize(("inputs", "tasks", "expected"), [
    (1_000, 2, 2),
    (10_000, 2, 2),
    (100_000, 2, 2),        # the task count follows the workers, not the corpus
    (100_000, 16, 16),
    (3 * 250, 8, 3),        # never more tasks than batches
    (0, 2, 0),              # nothing to read: no task
    (1, 0, 1),              # at least one
])
def test_ingest_tasks_are_bounded_by_the_workers_not_the_corpus(inputs: int, tasks: int, expected: int) -> None:
    assert task_count(math.ceil(inputs / 250), tasks) == expected


@given(st.integers(0, 5_000), st.integers(1, 64))
def test_every_batch_goes_to_exactly_one_task_and_shares_differ_by_at_most_one(batches: int, tasks: int) -> None:
    slots = task_count(batches, tasks)
    shares = [slot_batches(range(batches), slot, slots) for slot in range(slots)]
    assert sorted(b for share in shares for b in share) == list(range(batches))
    assert not shares or max(map(len, shares)) - min(map(len, shares)) <= 1


def test_each_task_gets_a_share_of_every_part_of_the_corpus() -> None:
    # a directory often groups pages of one kind: contiguous shares would give one task all the slow ones
    assert slot_batches(list(range(10)), 0, 2) == [0, 2, 4, 6, 8]
    assert slot_batches(list(range(10)), 1, 2) == [1, 3, 5, 7, 9]
    with pytest.raises(ValueError, match="outside"):
        slot_batches(list(range(10)), 2, 2)


def test_only_known_documents_are_split_off_and_failures_stay_to_be_recorded() -> None:
    a = RawDocument("/c/a.html", "html", b"<p>a</p>", "files:c")
    b = RawDocument("/c/b.html", "html", b"<p>b</p>", "files:c")
    b_changed = RawDocument("/c/b.html", "html", b"<p>b, corrected</p>", "files:c")
    bad = Failure("/c/bad.html", "files:c", "read", "EmptyDocument", "the document is empty")
    known = {(a.locator, a.sha256), (b.locator, b.sha256)}
    todo, unchanged = split_unchanged([a, b_changed, bad], known)
    assert unchanged == [a]
    assert todo == [b_changed, bad]


@pytest.mark.parametrize(("executor", "parallelism", "expected"), [
    ("LocalExecutor", "32", min(32, os.cpu_count() or 1)),  # tasks run here: no more than the CPUs
    ("LocalExecutor", "1", 1),
    ("CeleryExecutor", "24", 24),                            # tasks spread over workers: Airflow's cap
    ("CeleryExecutor,LocalExecutor", "8", 8),                # the first executor is the default one
])
def test_the_default_task_count_follows_the_executor(monkeypatch: pytest.MonkeyPatch, executor: str,
                                                     parallelism: str, expected: int) -> None:
    from news_etl.orchestration import default_task_count

    monkeypatch.setenv("AIRFLOW__CORE__EXECUTOR", executor)
    monkeypatch.setenv("AIRFLOW__CORE__PARALLELISM", parallelism)
    assert default_task_count() == expected


@pytest.mark.parametrize(("batches", "slots"), [(10, 2), (7, 3), (4, 4), (1, 1), (0, 2)])
def test_every_task_goes_through_every_batch_its_own_share_first_then_the_others_from_the_end(
        batches: int, slots: int) -> None:
    for slot in range(slots):
        order = share_order(list(range(batches)), slot, slots)
        own = slot_batches(list(range(batches)), slot, slots)
        assert sorted(order) == list(range(batches))
        assert order[:len(own)] == own
        assert order[len(own):] == sorted(order[len(own):], reverse=True)
    assert share_order(list(range(10)), 0, 2) == [0, 2, 4, 6, 8, 9, 7, 5, 3, 1]
    assert share_order(list(range(10)), 1, 2) == [1, 3, 5, 7, 9, 8, 6, 4, 2, 0]


@pytest.mark.parametrize(("inputs", "batch_size", "tasks", "expected"), [
    (1000, 250, 2, 125),      # 8 batches: four per task, so the tasks' ends are one short batch apart
    (10_000, 250, 2, 250),    # large runs keep the asked size
    (1000, 250, 1, 250),      # one task (the CLI): nothing to share
    (300, 250, 2, 50),        # never below MIN_SHARED_BATCH
    (11, 4, 2, 4),            # a size asked below the floor is kept
    (0, 250, 2, 50),
])
def test_a_small_run_shared_by_several_tasks_is_cut_into_smaller_batches(
        inputs: int, batch_size: int, tasks: int, expected: int) -> None:
    assert shared_batch_size(inputs, batch_size, tasks) == expected
