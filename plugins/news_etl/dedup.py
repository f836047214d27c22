"""Near-duplicate fingerprints (pure): 64-bit SimHash over word shingles, its bands, Hamming distance."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence

import numpy as np

from news_etl.metadata import strip_accents

# Single words: on our pair set (README) they separate wire copies from same-topic stories better than
# 2- or 3-word shingles, whose hashes move more when a dateline or a paragraph changes.
SHINGLE_WORDS = 1
BITS = 64
# Candidates: 4 bands of 16 bits, each looked up as is and with any one bit flipped (PROBE_RADIUS). Two hashes
# at most MAX_DISTANCE = BANDS * (PROBE_RADIUS + 1) - 1 = 7 bits apart have a band differing in at most one
# bit (pigeonhole), so every pair within the threshold is a candidate, and at 100k articles a lookup
# returns ~1.5 rows instead of the ~390 of 8-bit bands.
BANDS = 4
BAND_BITS = BITS // BANDS
PROBE_RADIUS = 1
MAX_DISTANCE = BANDS * (PROBE_RADIUS + 1) - 1  # the syndication threshold (7 bits); measured in the README
_WORD = re.compile(r"\w+", re.UNICODE)


# Shingle digests by shingle: news vocabularies are Zipfian, so most of a text's words were hashed before.
_DIGESTS: dict[str, bytes] = {}
_DIGESTS_MAX = 1 << 16  # ~10 MB: the frequent words, which are most of every text


def words(text: str) -> list[str]:
    """Case- and accent-folded word tokens: typography and casing differences between outlets vanish."""
    return _WORD.findall(strip_accents(text.casefold()))


def shingles(tokens: list[str], size: int = SHINGLE_WORDS) -> set[str]:
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    if size == 1:
        return set(tokens)
    return {" ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}


def _digest(feature: str) -> bytes:
    digest = _DIGESTS.get(feature)
    if digest is None:
        digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
        if len(_DIGESTS) < _DIGESTS_MAX:
            _DIGESTS[feature] = digest
    return digest


def simhash(text: str) -> int:
    """The 64-bit SimHash of the text's distinct word shingles, as a signed int (PostgreSQL bigint).

    Each shingle votes +1/-1 on every bit of its own hash; the sign of each bit's total is the bit.
    Texts sharing most shingles get hashes a few bits apart; boilerplate added around a wire story moves
    only the bits its (few) shingles tip over.
    """
    features = shingles(words(text))
    if not features:
        return 0
    digests = b"".join(map(_digest, features))
    # one row of 64 bits per feature (most significant first); a bit is set where most features set it
    bits = np.unpackbits(np.frombuffer(digests, dtype=np.uint8).reshape(-1, 8), axis=1)
    ones = bits.sum(axis=0, dtype=np.int64)
    return to_signed(int.from_bytes(np.packbits(ones * 2 > len(features)).tobytes(), "big"))


def to_signed(value: int) -> int:
    return value - (1 << BITS) if value >= 1 << (BITS - 1) else value


def distance(a: int, b: int) -> int:
    """Hamming distance between two 64-bit hashes (signed or unsigned)."""
    return ((a ^ b) & ((1 << BITS) - 1)).bit_count()


def bands(value: int) -> tuple[int, ...]:
    """The hash cut into BANDS unsigned BAND_BITS-bit integers, lowest bits first (as the SQL computes them)."""
    unsigned = value & ((1 << BITS) - 1)
    mask = (1 << BAND_BITS) - 1
    return tuple((unsigned >> (BAND_BITS * i)) & mask for i in range(BANDS))


def probes(value: int) -> set[tuple[int, int]]:
    """(band, value) pairs looked up for candidates: each band as is and with each single bit flipped."""
    return {(i, b ^ flip) for i, b in enumerate(bands(value))
            for flip in (0, *(1 << bit for bit in range(BAND_BITS)))}


def components(hashes: Sequence[int], max_distance: int = MAX_DISTANCE, chunk: int = 512) -> list[int]:
    """For each hash, the position of the first hash of its connected component, two hashes being linked
    when at most max_distance bits apart (transitively: a chain of near-duplicates is one component).

    Every pair is compared, vectorized: meant for the distinct fingerprints of one batch, grouped among
    themselves before they meet the stored ones (a thousand take 10 ms, 70 ms when all are near-duplicates).
    """
    n = len(hashes)
    values = np.array([h & ((1 << BITS) - 1) for h in hashes], dtype=np.uint64)
    left, right = [np.zeros(0, dtype=np.intp)], [np.zeros(0, dtype=np.intp)]
    for start in range(0, n, chunk):  # row blocks bound the n x n XOR in memory
        near = np.bitwise_count(values[start:start + chunk, None] ^ values[None, :]) <= max_distance
        i, j = np.nonzero(near)
        keep = i + start < j
        left.append(i[keep] + start)
        right.append(j[keep])
    a, b = np.concatenate(left), np.concatenate(right)
    labels = np.arange(n)
    while True:  # each side takes the smaller label of a pair, then labels jump to their label's label
        before = labels.copy()
        np.minimum.at(labels, a, labels[b])
        np.minimum.at(labels, b, labels[a])
        labels = labels[labels]
        if np.array_equal(labels, before):
            return [int(x) for x in labels]


def is_near_duplicate(a: int, b: int, max_distance: int = MAX_DISTANCE) -> bool:
    return distance(a, b) <= max_distance


def precision_recall(pairs: Iterable[tuple[str, str, bool]], max_distance: int = MAX_DISTANCE) -> tuple[float, float]:
    """(precision, recall) of `distance <= max_distance` on labelled (text, text, is_duplicate) pairs."""
    tp = fp = fn = 0
    for left, right, duplicate in pairs:
        predicted = is_near_duplicate(simhash(left), simhash(right), max_distance)
        tp += predicted and duplicate
        fp += predicted and not duplicate
        fn += duplicate and not predicted
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall
