"""Every example query in sql/analytics runs on the seeds plus three wire copies, and returns what they imply."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conftest import FIXTURES, ROOT, SEEDS
from warehouse_helpers import article, load

from news_etl.enrich import enrich
from news_etl.pipeline import ingest

ANALYTICS = ROOT / "sql" / "analytics"
Rows = list[dict[str, Any]]


def syndicated(r: Rows) -> None:
    # two of the three copies of the wire story (the third was revised into another text); no seed is a
    # copy of another
    assert len(r) == 1
    assert (r[0]["articles"], r[0]["sources"], r[0]["first_source"]) == (2, 2, "coastal-herald.example")
    assert r[0]["first_title"] == "Forty-one nations strike deal on sharing river water in droughts"
    assert float(r[0]["spread_hours"]) == pytest.approx(3.3, abs=0.05)


def daily_volume(r: Rows) -> None:
    assert sum(x["articles"] for x in r) == 17
    assert {"day": __import__("datetime").date(2024, 5, 16), "source": "valley-tribune.example"}.items() <= next(
        x for x in r if x["source"] == "valley-tribune.example").items()


def language_mix(r: Rows) -> None:
    assert {x["language"]: x["articles"] for x in r} == {"en": 7, "de": 4, "fr": 3, "es": 3}
    assert r[0]["language"] == "en" and float(sum(x["percent"] for x in r)) == pytest.approx(100, abs=0.2)


def top_tags(r: Rows) -> None:
    assert r, "the seeds carry JSON-LD keywords"
    for week_kind in {(x["week"], x["kind"]) for x in r}:
        ranks = [x["rank"] for x in r if (x["week"], x["kind"]) == week_kind]
        assert ranks == list(range(1, len(ranks) + 1))


def top_entities(r: Rows) -> None:
    assert r and {x["label"] for x in r} <= {"PER", "ORG", "LOC"}
    assert any(x["entity"] == "Tokyo" for x in r)  # from the French NATO story


def authors(r: Rows) -> None:
    assert (r[0]["author"], r[0]["articles"], r[0]["sources"]) == ("Continental Wire", 2, 2)
    assert any(x["author"] == "Claire Dumont" and x["languages"] == ["fr"] for x in r)


def health(r: Rows) -> None:
    by_source = {x["source"]: x for x in r}
    for outlet in ("coastal-herald.example", "valley-tribune.example", "metro-daily.example"):
        got = by_source[outlet]  # the wire copies carry a title and a date
        assert (got["share_with_title"], got["share_with_date"]) == (1, 1)
    assert by_source["metro-daily.example"]["share_with_author"] == 1
    assert by_source["files:wire"]["articles"] == 0  # the folder is a source of documents, not articles
    # plain-text seeds carry no byline or date; the least complete source comes first
    assert by_source["files:seeds"]["share_with_author"] < 1
    least = [min(x["share_with_title"], x["share_with_author"], x["share_with_date"]) for x in r]
    assert least == sorted(least)


def funnel(r: Rows) -> None:
    assert sum(x["extracted"] for x in r) == 1 and sum(x["loaded"] for x in r) == 1  # the last run: the revision


def revised(r: Rows) -> None:
    assert [(x["title"], x["revisions"], x["fields_changed"]) for x in r] == [
        ("Drought deal, updated", 1, ["text", "title"])]


def search_french(r: Rows) -> None:
    assert r[0]["title"].startswith("Dans une démarche sans précédent, le Japon")
    assert "«bureau»" in r[0]["snippet"] or "«OTAN»" in r[0]["snippet"]


def urls(r: Rows) -> None:
    assert len(r) == 1 and r[0]["urls"] >= 2 and r[0]["has_canonical"]
    assert any("utm_source" in u for u in r[0]["seen_as"])


def entity_status(r: Rows) -> None:
    assert {(x["language"], x["entities_status"]): x["articles"] for x in r} == {
        ("de", "no_model"): 4, ("en", "no_model"): 7, ("es", "no_model"): 3, ("fr", "done"): 3}


EXPECTED: dict[str, Callable[[Rows], None]] = {
    "01_syndicated_stories": syndicated, "02_daily_volume_by_source": daily_volume,
    "03_language_mix": language_mix, "04_top_tags_per_week": top_tags, "05_top_entities_per_week": top_entities,
    "06_most_active_authors": authors, "07_source_extraction_health": health, "08_last_run_funnel": funnel,
    "09_revised_articles": revised, "10_search_french": search_french, "11_urls_per_article": urls,
    "12_articles_without_entities": entity_status,
}


def test_every_example_query_has_a_test() -> None:
    assert sorted(p.stem for p in ANALYTICS.glob("*.sql")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 8


@pytest.fixture(scope="module")
def loaded(dsn: str, tmp_path_factory: Any) -> Any:
    """One warehouse for all queries: seeds and wire copies, one revision, enriched and refreshed."""
    import uuid

    from news_etl.db import connection, drop_schema, migrate

    name = f"t_{uuid.uuid4().hex[:12]}"
    with connection(dsn, name) as conn:
        migrate(conn)
        ingest(conn, [str(SEEDS), str(FIXTURES / "wire")])
        load(conn, article("https://valley-tribune.example/news/drought-water-sharing-framework-agreed",
                           "GENEVA – Negotiators agreed a framework.", title="Drought deal, updated",
                           locator=str(FIXTURES / "wire" / "wire_copies.jsonl") + "#L2",
                           published_at="2024-05-16T07:45:00+00:00"))
        enrich(conn)
        yield conn
    drop_schema(dsn, name)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_query(loaded: Any, name: str) -> None:
    with loaded.cursor() as cur:
        cur.execute((ANALYTICS / f"{name}.sql").read_text(encoding="utf-8"))
        columns = [c.name for c in cur.description]
        result = [dict(zip(columns, row, strict=True)) for row in cur.fetchall()]
    loaded.rollback()
    EXPECTED[name](result)
