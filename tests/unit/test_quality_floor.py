"""Regression floor for extraction quality on pages written for this repository (tests/fixtures/quality/).

The pages cover JSON-LD (objects, lists, @graph with @id references, string authors), meta-only pages,
byline-only pages in several languages, <time> elements, URL dates, organisation "authors", site-name
prefixes and suffixes in titles, a paywall, a consent wall and a page that is not an article. The floors
are scores over the whole sample, so one rule can change without rewriting the test, but quality cannot
fall silently; bare trafilatura runs on the same pages as the reference we must stay ahead of.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from news_etl.extract import extract
from news_etl.records import Article, RawDocument

QUALITY = Path(__file__).resolve().parents[1] / "fixtures" / "quality"
EXPECTED: dict[str, dict[str, Any]] = {
    k: v for k, v in json.loads((QUALITY / "expected.json").read_text(encoding="utf-8")).items()
    if not k.startswith("_")}
_SPACE = re.compile(r"\s+")


def _norm(value: str | None) -> str:
    return _SPACE.sub(" ", value or "").strip().lower()


def _raw(name: str) -> RawDocument:
    return RawDocument(locator=name, kind="html", content=(QUALITY / name).read_bytes(), source_name="files:quality")


def _ours(name: str) -> dict[str, Any]:
    outcome = extract(_raw(name))
    assert isinstance(outcome, Article), outcome
    return {"title": None if outcome.title_derived else outcome.title, "authors": list(outcome.authors),
            "published": outcome.published_at, "modified": outcome.modified_at, "language": outcome.language,
            "access_status": outcome.access_status, "text": outcome.text}


def _bare(name: str) -> dict[str, Any]:
    import trafilatura

    doc = trafilatura.bare_extraction((QUALITY / name).read_text(encoding="utf-8"), with_metadata=True,
                                      include_comments=False)
    if doc is None:
        return {"title": None, "authors": [], "published": None, "text": ""}
    return {"title": doc.title, "authors": [a.strip() for a in (doc.author or "").split(";") if a.strip()],
            "published": doc.date, "text": doc.text or ""}


def _scores(outputs: dict[str, dict[str, Any]]) -> dict[str, float]:
    hits: dict[str, list[bool]] = {"title": [], "authors": [], "published": [], "with": [], "without_absent": []}
    for name, want in EXPECTED.items():
        got = outputs[name]
        hits["title"].append(_norm(got["title"]) == _norm(want["title"]))
        hits["authors"].append([_norm(a) for a in got["authors"]] == [_norm(a) for a in want["authors"]])
        hits["published"].append((got["published"] or "")[:10] == (want["published"] or ""))
        text = _norm(got["text"])
        hits["with"].extend(_norm(s) in text for s in want["with"])
        hits["without_absent"].extend(_norm(s) not in text for s in want["without"])
    return {k: sum(v) / len(v) for k, v in hits.items()}


@pytest.fixture(scope="module")
def ours() -> dict[str, dict[str, Any]]:
    return {name: _ours(name) for name in EXPECTED}


def test_sample_is_all_there() -> None:
    assert len(EXPECTED) >= 12
    assert sorted(EXPECTED) == sorted(p.name for p in QUALITY.glob("*.html"))


def test_quality_floor(ours: dict[str, dict[str, Any]]) -> None:
    scores = _scores(ours)
    floors = {"title": 0.9, "authors": 0.9, "published": 0.9, "with": 0.95, "without_absent": 0.95}
    below = {k: round(scores[k], 3) for k, floor in floors.items() if scores[k] < floor}
    assert not below, f"extraction quality fell below its floor: {below} (all scores: {scores})"


def test_we_stay_ahead_of_bare_trafilatura_on_metadata(ours: dict[str, dict[str, Any]]) -> None:
    mine, bare = _scores(ours), _scores({name: _bare(name) for name in EXPECTED})
    for field in ("title", "authors", "published"):
        assert mine[field] >= bare[field], (field, mine[field], bare[field])
    assert mine["title"] + mine["authors"] + mine["published"] > bare["title"] + bare["authors"] + bare["published"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_access_status_and_language(name: str, ours: dict[str, dict[str, Any]]) -> None:
    want, got = EXPECTED[name], ours[name]
    assert got["access_status"] == want["access_status"]
    assert got["language"] == want["language"]
    if want["modified"]:
        assert (got["modified"] or "")[:10] == want["modified"]


def test_provenance_names_a_strategy_for_every_filled_field() -> None:
    outcome = extract(_raw("en_jsonld_two_authors.html"))
    assert isinstance(outcome, Article)
    assert outcome.provenance["title"] == "h1"
    assert outcome.provenance["authors"] == "jsonld"
    assert outcome.provenance["published_at"] == "jsonld"
    assert outcome.provenance["modified_at"] == "jsonld"
    assert outcome.provenance["tags"] == "opengraph"
    assert outcome.published_precision == "second" and outcome.published_at == "2024-02-14T07:30:00+00:00"
    assert outcome.canonical_url == "https://www.coastal-ledger.example/energy/tidal-pilot-first-winter"
    assert outcome.keywords == ("tidal power", "Pentland Firth", "renewables")
    assert outcome.reading_time_min == 1 and outcome.extraction_method == "trafilatura"
    for name in ("title", "authors", "published_at", "modified_at", "canonical_url", "image", "tags", "keywords",
                 "categories", "site_name", "language", "access_status"):
        assert outcome.provenance.get(name), name
