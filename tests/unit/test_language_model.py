"""The unpacked language-model cache gives the wheel's classifier, and is used once written."""

from __future__ import annotations

from pathlib import Path

import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from news_etl import language_model

SAMPLES = (
    "Le gouvernement a annoncé mardi une nouvelle loi sur le logement et les loyers des familles.",
    "Die Regierung hat am Dienstag ein neues Gesetz über Wohnungen und Mieten angekündigt.",
    "The council approved the budget for the new bridge after a long debate on Tuesday night.",
    "El gobierno anunció el martes una nueva ley sobre la vivienda y los alquileres.",
)


def test_the_cached_model_classifies_as_the_wheel_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWS_ETL_DATA_DIR", str(tmp_path))
    wheel = LanguageIdentifier.from_model_file(MODEL_FILE)
    unpacked: list[str] = []
    real = LanguageIdentifier.from_model_file.__func__  # type: ignore[attr-defined]

    def counting(cls: type, model_file: str, *args: object, **kwargs: object) -> LanguageIdentifier:
        unpacked.append(model_file)
        return real(cls, model_file, *args, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(LanguageIdentifier, "from_model_file", classmethod(counting))
    first = language_model._load()  # no cache yet: unpacks the wheel's model and writes the cache
    assert unpacked == [MODEL_FILE] and language_model.cache_path().is_file()
    second = language_model._load()  # from the cache
    assert unpacked == [MODEL_FILE]
    for text in SAMPLES:
        assert first.classify(text) == second.classify(text) == wheel.classify(text)


def test_an_unreadable_cache_falls_back_to_the_wheel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWS_ETL_DATA_DIR", str(tmp_path))
    path = language_model.cache_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not an npz file")
    found = language_model._load()
    assert found.classify(SAMPLES[0])[0] == "fr"
    assert path.stat().st_size > 1_000_000  # rewritten whole


def test_the_automaton_run_over_all_positions_counts_what_py3langids_walk_counts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import random

    from py3langid.langid import visit_counts

    monkeypatch.setenv("NEWS_ETL_DATA_DIR", str(tmp_path))
    found = language_model._load()
    wheel = LanguageIdentifier.from_model_file(MODEL_FILE)
    assert found.depth >= 4
    rng = random.Random(11)
    alphabet = list("abcdeéèàüßñ ,.'-\n0123456789") + list("дождьмир") + list("雨の日") + ["\u200b", "€"]
    texts = [*SAMPLES, "", "a", "ab", "abcde", "é" * 3, " ".join(SAMPLES) * 5]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400))) for _ in range(300)]
    for text in texts:
        data = text.encode("utf-8")
        walked = visit_counts(wheel.tk_nextmove, wheel._rowbase, wheel.tk_output, data)
        assert list((found.visits(data) or {}).items()) == list((walked or {}).items()), repr(text[:40])
        assert found.classify(text) == wheel.classify(text)
