"""search_articles(): stemming in each article's language, ranking, language filter, snippets."""

from __future__ import annotations

from typing import Any

from warehouse_helpers import article, load, rows

from news_etl.cli import main


def search(conn: Any, query: str, lang: str | None = None) -> list[tuple[Any, ...]]:
    return rows(conn, "SELECT title, language, rank, snippet FROM search_articles(%s, %s)", (query, lang))


def test_french_stemming_and_ranking(conn: Any) -> None:
    load(conn,
         article("https://lyon.example/1", "Le Japon veut ouvrir un bureau de liaison de l'OTAN à Tokyo. "
                 "Ce bureau serait le premier en Asie.", language="fr", title="Un bureau de l'OTAN à Tokyo"),
         article("https://lyon.example/2", "La mairie rénove ses bureaux et la bibliothèque du quartier.",
                 language="fr", title="Travaux à la mairie"),
         article("https://lyon.example/3", "Les vendanges commencent tôt dans le Beaujolais cette année.",
                 language="fr", title="Vendanges précoces"),
         article("https://daily.example/4", "The bureau of statistics published new figures.", language="en",
                 title="Statistics"))
    hits = search(conn, "bureaux", "fr")
    # "bureaux" finds "bureau" (French stemming); the title hit ranks first; English is not searched
    assert [h[0] for h in hits] == ["Un bureau de l'OTAN à Tokyo", "Travaux à la mairie"]
    assert hits[0][2] > hits[1][2]
    assert "«bureau»" in hits[0][3]
    assert [h[1] for h in search(conn, "bureaux")] == ["fr", "fr"]  # no language: each in its own config


def test_english_stemming_ranking_and_web_search_syntax(conn: Any) -> None:
    load(conn,
         article("https://daily.example/a", "The council voted 5-4 for protected bike lanes. Residents who voted "
                 "against said the votes ignored them.", title="Council votes for bike lanes"),
         article("https://daily.example/b", "After a long debate, members were voting until late on the budget.",
                 title="Budget debate"),
         article("https://daily.example/c", "Der Rat hat abgestimmt.", language="de", title="Abstimmung"))
    hits = search(conn, "vote", "en")
    assert [h[0] for h in hits] == ["Council votes for bike lanes", "Budget debate"]
    assert [h[0] for h in search(conn, "vote -budget", "en")] == ["Council votes for bike lanes"]
    assert [h[0] for h in search(conn, '"bike lanes"')] == ["Council votes for bike lanes"]
    assert search(conn, "abstimmen", "de")[0][0] == "Abstimmung"  # German stemming too


def test_search_command(conn: Any, capsys: Any) -> None:
    load(conn, article("https://daily.example/a", "The council voted for bike lanes.", title="Bike lanes"))
    assert main(["search", "voting", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Bike lanes" in out and "«voted»" in out
    assert main(["search", "zeppelin"]) == 1
