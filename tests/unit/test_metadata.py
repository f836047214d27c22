from __future__ import annotations

from datetime import UTC, datetime

import pytest

from news_etl.metadata import (
    content_hash,
    derive_headline,
    detect_language,
    find_dateline,
    fold_name,
    parse_date,
    split_authors,
    squash,
    text_decides_language,
    word_count,
    word_runs,
)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("TOKYO – Dans une démarche sans précédent", "TOKYO"),
        ("MADRID (EFE) – El Gobierno aprobó", "MADRID"),
        ("WASHINGTON, D.C. — The Senate voted", "WASHINGTON"),
        ("Paris, 3 mai (Reuters) - Le gouvernement", "Paris"),
        ("New York – Police said", "New York"),
        ("The man went - and came back", None),
        ("Le Japon a pris des mesures.", None),
    ],
)
def test_find_dateline(text: str, place: str | None) -> None:
    assert find_dateline(text) == place


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("By Jane Doe and John Roe", ("Jane Doe", "John Roe")),
        ("Par Marie Dupont et Jean Martin", ("Marie Dupont", "Jean Martin")),
        (["Von Anna Schmidt", "anna schmidt"], ("Anna Schmidt",)),
        ("Ana García y Luis Pérez", ("Ana García", "Luis Pérez")),
        # Drupal's default byline, and what is left of it when the name is missing
        ("Submitted by Jane Doe on Mon, 2019-01-21 13:49", ("Jane Doe",)),
        ("Submitted on Mon, 2019-01-21 13:49", ()),
        # a date after the name, its day an ordinal
        ("Jane Doe 26th November 2024", ("Jane Doe",)),
        ("Jane Doe | March 1st 2024", ("Jane Doe",)),
        ("", ()),
        (None, ()),
    ],
)
def test_split_authors(raw: str | list[str] | None, names: tuple[str, ...]) -> None:
    assert split_authors(raw) == names


def test_fold_name_makes_one_person_one_key() -> None:
    assert fold_name("José  Pérez") == fold_name("JOSE PEREZ") == "jose perez"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-03T10:00:00Z", "2024-05-03T10:00:00+00:00"),
        ("2024-05-03T10:00:00+02:00", "2024-05-03T10:00:00+02:00"),
        ("2024-05-03", "2024-05-03"),
        ("1989-12-31", None),  # before 1990: an extraction error, not a date
        ("2026-12-01", None),  # more than a day in the future of `now`
        ("yesterday", None),
        (None, None),
    ],
)
def test_parse_date(value: str | None, expected: str | None) -> None:
    assert parse_date(value, now=datetime(2026, 11, 1, tzinfo=UTC)) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Le conseil municipal a voté mardi soir la création de nouvelles pistes cyclables dans le centre.", "fr"),
        ("The city council voted on Tuesday night to build new protected bike lanes downtown.", "en"),
        ("Der Stadtrat hat am Dienstagabend beschlossen, neue Radwege in der Innenstadt zu bauen.", "de"),
        ("El ayuntamiento aprobó el martes por la noche la construcción de nuevos carriles bici.", "es"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_detect_language_uses_hint_only_for_short_text() -> None:
    assert detect_language("Oui.", hint="fr-FR") == "fr"
    assert detect_language("The city council voted on Tuesday night to build new bike lanes.", hint="de") == "en"
    assert not text_decides_language("Oui.") and text_decides_language("one two three four five six seven eight")


def test_detect_language_reads_the_opening_of_a_long_text() -> None:
    english = "The city council voted on Tuesday night to build new protected bike lanes downtown. " * 30
    german = "Der Stadtrat hat am Dienstagabend beschlossen, neue Radwege in der Innenstadt zu bauen. " * 300
    assert detect_language(english + german) == "en"
    assert detect_language(german + english) == "de"


def test_counts_and_hashes() -> None:
    assert word_count("L’OTAN, à Tokyo : 400 missiles.") == word_runs("L’OTAN, à Tokyo : 400 missiles.") == 6
    # Chinese and Japanese: a word per character (a sentence is one run); Korean is spaced, Latin words stay whole
    assert (word_count("港特首梁振英道歉。"), word_runs("港特首梁振英道歉。")) == (8, 1)
    assert word_count("トランプ氏は2018年6月19日、G20に出席") == 16  # 12 kana and kanji; 2018, 6, 19, G20
    assert word_count("한국어 문장 입니다") == 3
    assert content_hash("A  b\nC") == content_hash("a b c") == content_hash("\u3000a\tB\x0b c\u2028")
    assert derive_headline("TOKYO – Le Japon ouvre un bureau. La suite.") == "Le Japon ouvre un bureau"


def test_squash_is_the_whitespace_regex_it_replaces() -> None:
    import random
    import re

    spaces = [c for c in map(chr, range(0x110000)) if re.fullmatch(r"\s", c)]
    assert "\xa0" in spaces and "\u2028" in spaces and "\u200b" not in spaces
    alphabet = [*spaces, "a", "b", "-", ".", "\u200b", "\ufeff"]
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        assert squash(text) == re.sub(r"\s+", " ", text).strip(), repr(text)
