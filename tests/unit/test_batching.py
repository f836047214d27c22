"""Batches are sized from the corpus: bounded task count, never one task per article; unchanged split."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from news_etl.pipeline import batch_size_for, split_unchanged
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


def test_only_known_documents_are_split_off_and_failures_stay_to_be_recorded() -> None:
    a = RawDocument("/c/a.html", "html", b"<p>a</p>", "files:c")
    b = RawDocument("/c/b.html", "html", b"<p>b</p>", "files:c")
    b_changed = RawDocument("/c/b.html", "html", b"<p>b, corrected</p>", "files:c")
    bad = Failure("/c/bad.html", "files:c", "read", "EmptyDocument", "the document is empty")
    known = {(a.locator, a.sha256), (b.locator, b.sha256)}
    todo, unchanged = split_unchanged([a, b_changed, bad], known)
    assert unchanged == [a]
    assert todo == [b_changed, bad]
