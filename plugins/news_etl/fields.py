"""Owns the reconciliation of every metadata candidate (input hints, page candidates, trafilatura's and
htmldate's heuristics, the URL) into one value per article field, with the strategy that gave it. Pure."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin

from news_etl.htmlmeta import Candidate, PageMeta, choose_title, credit_line, fold
from news_etl.htmlmeta import month_first as page_month_first
from news_etl.metadata import (
    fold_name,
    is_collective,
    is_login,
    looks_like_person,
    normalize_authors,
    parse_datetime,
    url_date,
    word_count,
)
from news_etl.records import Hints
from news_etl.urls import url_host

# Adult silent reading speed, words per minute, for reading_time_min.
_WORDS_PER_MINUTE = 230
_MAX_LIST = 30
# A wall or an error page says so in few words; an article that mentions cookies is long.
_WALL_MAX_WORDS = 250
_PAYWALL = re.compile(
    r"subscribe to (?:continue|read)|subscribers? only|this (?:article|story|content) is (?:only )?(?:for|available"
    r" to) (?:subscribers|members)|already a subscriber|to continue reading|become a (?:subscriber|member) to"
    r"|réservé aux abonnés|article réservé|abonnez-vous pour lire|nur für abonnenten|weiterlesen mit"
    r"|exclusivo para suscriptores|contenido exclusivo para|riservato agli abbonati|exclusivo para assinantes"
    r"|alleen voor abonnees", re.IGNORECASE)
_CONSENT = re.compile(
    r"we use cookies|use of cookies|cookie (?:settings|preferences|policy)|accept all|accept cookies"
    r"|manage (?:consent|preferences)|before you continue|your privacy choices|nous utilisons des cookies"
    r"|accepter (?:et fermer|tout)|wir verwenden cookies|alle akzeptieren|utilizamos cookies|aceptar todas?"
    r"|utilizziamo i cookie|accetta tutti|wij gebruiken cookies", re.IGNORECASE)
_BOT_WALL = re.compile(
    r"verify (?:you are|that you are) (?:a )?human|are you a robot|captcha|just a moment\.\.\.|checking your browser"
    r"|access denied|enable javascript and cookies|unusual traffic|request blocked|pardon our interruption"
    r"|attention required", re.IGNORECASE)


# Author sources in order of trust after the structured ones (JSON-LD, meta, OpenGraph, Twitter): the
# byline printed by the headline, byline-classed elements anywhere on the page, a name beside the date.
_AUTHOR_RANK = {"header": 2, "header_label": 2, "byline": 3, "date_line": 5}


def _printed_byline(page: PageMeta, sites: list[str], authors: tuple[str, ...],
                    source: str) -> tuple[tuple[str, ...], str]:
    """The byline printed by the headline where it says more than, or other than, the structured data.

    Structured data often name only the first author, so a printed byline that starts with the same people
    and names more is the full credit. And where "By Jane Doe" (or a link to her author page) names other
    people or a staff credit than the structured author (often the account that posted the piece), the
    printed byline is what readers see and wins; other printed lines ("Tax & Accounting") do not.
    """
    for names, kind in page.authors:
        if not kind.startswith("header"):
            continue
        printed = normalize_authors(names, sites)
        keys, printed_keys = [_person_key(n) for n in authors], [_person_key(n) for n in printed]
        if len(printed) > len(authors) and printed_keys[:len(authors)] == keys:
            return printed, kind
        if (kind == "header" and printed and source in _STRUCTURED and not set(keys) & set(printed_keys)
                and all(looks_like_person(n) or is_collective(n) for n in printed)):
            return printed, kind
    return authors, source


_STRUCTURED = frozenset({"jsonld", "meta", "opengraph", "twitter"})


def _person_key(name: str) -> str:
    """A name's key without an honorific: "Dr Marna van der Merwe" is "Marna van der Merwe"."""
    return re.sub(r"^(?:dr|prof|mr|mrs|ms|sir)\.?\s+", "", fold_name(name))


def reading_time(words: int) -> int:
    return math.ceil(words / _WORDS_PER_MINUTE) if words else 0


def resolve_fields(hints: Hints, page: PageMeta | None, url: str | None, tree: Any) -> dict[str, Any]:
    """Field values and their provenance. `page`/`tree` are None for plain text, where hints are all there is."""
    prov: dict[str, str] = {}
    out: dict[str, Any] = {"provenance": prov}
    origin = hints.origin or "record"
    page = page or PageMeta()

    page_url = url
    if url:
        prov["url"] = "record"
    elif page.canonical:
        page_url = page.canonical.value
        prov["url"] = page.canonical.source
    out["url"] = page_url
    if page.canonical:
        out["canonical_url"] = page.canonical.value
        prov["canonical_url"] = page.canonical.source
    host = url_host(page_url)

    site = _first([Candidate(hints.site_name, origin)] if hints.site_name else [], page.site_names)
    if site:
        out["site_name"], prov["site_name"] = site.value, site.source
    title = Candidate(hints.title.strip(), origin) if hints.title and hints.title.strip() else choose_title(page, host)
    if title is None and tree is not None:
        title = _trafilatura_title(tree)
    if title:
        out["title"], prov["title"] = title.value, title.source

    sites = [c.value for c in page.site_names] + ([hints.site_name] if hints.site_name else [])
    authors = normalize_authors(hints.authors) if hints.authors else ()
    author_source = origin
    # A login shown as the author ("andrew.keaveney") is used only when no source gives a written name.
    logins: tuple[tuple[str, ...], str] | None = None
    ranked = sorted(page.authors, key=lambda c: _AUTHOR_RANK.get(c[1], 1))
    for names, source in ([] if authors else ranked):
        found = normalize_authors(names, sites, structured=source in ("jsonld", "meta", "opengraph"))
        if found and source == "date_line" and logins:
            break
        if found and all(is_login(n) for n in found):
            logins = logins or (found, source)
        elif found:
            authors, author_source = found, source
            break
    if not authors and logins:
        authors, author_source = logins
    if authors and author_source != origin:
        authors, author_source = _printed_byline(page, sites, authors, author_source)
    if not authors and tree is not None:
        authors, author_source = normalize_authors(credit_line(tree), sites), "credit_line"
        if not authors:
            authors, author_source = normalize_authors(_trafilatura_author(tree), sites), "trafilatura"
    if authors:
        out["authors"], prov["authors"] = authors, author_source

    published = _resolve_published(hints, page, page_url, tree)
    if published:
        (out["published_at"], out["published_precision"]), prov["published_at"] = published[:2], published[2]
        prov["published_precision"] = published[2]
    modified_candidates = list(page.modified)
    if hints.modified_at:
        modified_candidates.append(Candidate(hints.modified_at, origin))
    if hints.http_last_modified:
        modified_candidates.append(Candidate(hints.http_last_modified, "http"))
    for cand in modified_candidates:
        parsed = parse_datetime(cand.value)
        if parsed:
            out["modified_at"], prov["modified_at"] = parsed[0], cand.source
            break

    # a description that is only the site's name ("Engadget") describes nothing
    site_keys = {fold(name) for name in sites}
    description = _first([Candidate(hints.description, origin)] if hints.description else [],
                         [c for c in page.descriptions if fold(c.value) not in site_keys])
    if description:
        out["description"], prov["description"] = description.value, description.source
    if page.image:
        out["image"], prov["image"] = urljoin(page_url or "", page.image.value), page.image.source
    if page.license:
        out["license"], prov["license"] = page.license.value, page.license.source
    tag_candidates = [Candidate(t, origin) for t in hints.tags] + page.tags
    for name, candidates in (("tags", tag_candidates), ("categories", page.categories), ("keywords", page.keywords)):
        values, source = _unique(candidates)
        if values:
            out[name], prov[name] = values, source
    return out


def _resolve_published(hints: Hints, page: PageMeta, url: str | None, tree: Any) -> tuple[str, str, str] | None:
    """Publication date by trust: a scraper record's own field, the page's structured data (JSON-LD, meta,
    <time>, byline), a feed entry, the URL path, htmldate's heuristics, and last HTTP Last-Modified.

    The date the page prints next to its headline is what the publisher shows readers as the article's
    date. When it disagrees with the structured date (and is neither that same moment seen from another
    time zone nor the declared modification date), the structured date is a CMS stamp (a re-save, a
    migration, a syndication copy) and the printed date wins; a date labelled "Updated" never does.
    """
    origin = hints.origin or "record"
    ordered: list[Candidate] = []
    if hints.published_at and origin == "record":
        ordered.append(Candidate(hints.published_at, origin))
    ordered.extend(page.published)
    if hints.published_at and origin != "record":
        ordered.append(Candidate(hints.published_at, origin))
    from_url = url_date(url)
    month_first = page_month_first(page.lang)
    parsed_all = [(p, cand.source) for cand in ordered
                  if (p := parse_datetime(cand.value, month_first=month_first))]
    if parsed_all and not (hints.published_at and origin == "record"):
        shown = _shown_date(page, [p[0][:10] for p, _s in parsed_all], month_first)
        best = parsed_all[0][0][0]
        modified = {p[0][:10] for c in page.modified if (p := parse_datetime(c.value, month_first=month_first))}
        if shown and from_url in (None, shown) and not _same_moment(shown, best) and shown not in modified:
            for (value, precision), source in parsed_all[1:]:
                if value[:10] == shown:
                    return value, precision, source
            return shown, "day", "header"
    for (value, precision), source in parsed_all[:1]:
        if from_url and value[:10] != from_url:
            # A day in the URL path is set when the story goes up, in the newsroom's time zone; a
            # structured date that disagrees is an update, a UTC rendering or another item's date.
            return from_url, "day", "url"
        return value, precision, source
    if from_url:
        return from_url, "day", "url"
    shown = _shown_date(page, [], month_first, lambda: _htmldate(tree, url) if tree is not None else None)
    if shown:
        return shown, "day", "header"
    updated = _shown_date(page, [], month_first, None, "header_updated")
    if updated:
        return updated, "day", "header_updated"
    if tree is not None:
        found = _htmldate(tree, url)
        parsed = parse_datetime(found)
        if parsed:
            return parsed[0], parsed[1], "htmldate"
    parsed = parse_datetime(hints.http_last_modified)
    if parsed:
        return parsed[0], parsed[1], "http"
    return None


def _shown_date(page: PageMeta, known_days: list[str], month_first: bool,
                guess: Callable[[], str | None] | None = None, kind: str = "header") -> str | None:
    """The first date printed by the headline that is not labelled as an update, as a day. A numeric date
    that reads both ways (03/10/2023) takes the reading another candidate (or, lacking any, htmldate's
    guess) agrees with, else the page's language convention."""
    for cand in page.shown_dates:
        if cand.source != kind:
            continue
        first = parse_datetime(cand.value, month_first=month_first)
        if not first:
            continue
        other = parse_datetime(cand.value, month_first=not month_first)
        if other and other[0][:10] != first[0][:10]:
            if not known_days and guess is not None:
                known_days = [(guess() or "")[:10]]
            if other[0][:10] in known_days:
                return other[0][:10]
        return first[0][:10]
    return None


def _same_moment(day: str, value: str) -> bool:
    """Whether `value` (ISO, with a time) can be `day` in some time zone (UTC-12 to UTC+14): a page printing
    its local day next to a UTC timestamp is one moment, not two dates."""
    if len(value) <= 10:
        return day == value[:10]
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    earliest, latest = moment - timedelta(hours=12), moment + timedelta(hours=14)
    return earliest.date().isoformat() <= day <= latest.date().isoformat()


def _htmldate(tree: Any, url: str | None) -> str | None:
    from htmldate import find_date

    today = datetime.now(UTC).strftime("%Y-%m-%d")
    found = find_date(tree, url=url, original_date=True, extensive_search=True, max_date=today)
    return str(found) if found else None


def _trafilatura_title(tree: Any) -> Candidate | None:
    from trafilatura.metadata import extract_title

    value = extract_title(tree)
    return Candidate(value.strip(), "trafilatura") if value and value.strip() else None


def _trafilatura_author(tree: Any) -> list[str]:
    from trafilatura.metadata import extract_author

    value = extract_author(tree)  # works on its own copy of the tree
    return [v for v in (value or "").split(";") if v.strip()]


def _first(*groups: Iterable[Candidate]) -> Candidate | None:
    for group in groups:
        for cand in group:
            if cand.value and cand.value.strip():
                return Candidate(cand.value.strip(), cand.source)
    return None


def _unique(candidates: list[Candidate]) -> tuple[tuple[str, ...], str]:
    values: list[str] = []
    seen: set[str] = set()
    source = candidates[0].source if candidates else ""
    for cand in candidates:
        value = cand.value.strip().strip("#")
        key = fold(value)
        if value and key and key not in seen and len(value) <= 80:
            seen.add(key)
            values.append(value)
    return tuple(values[:_MAX_LIST]), source


def access_status(text: str, page: PageMeta | None, html: str, words: int | None = None) -> str:
    """ok | paywalled | consent_wall | bot_wall | not_article | empty: why a page gave little or no text
    (`words`: the text's word_count, when the caller has it)."""
    words = word_count(text) if words is None else words
    if words >= _WALL_MAX_WORDS:
        return "paywalled" if page is not None and page.free is False and _PAYWALL.search(text) else "ok"
    sample = text + "\n" + (page.html_title or "" if page else "")
    if _BOT_WALL.search(sample) or (not text.strip() and _BOT_WALL.search(html[:20000])):
        return "bot_wall"
    if (page is not None and page.free is False) or _PAYWALL.search(text) or (
            not text.strip() and _PAYWALL.search(html)):
        return "paywalled"
    if _CONSENT.search(text) or (not text.strip() and _CONSENT.search(html)):
        return "consent_wall"
    if not text.strip():
        return "empty"
    if page is not None and words < 80 and not page.jsonld_types & {"newsarticle", "article", "blogposting"} \
            and page.og_type not in (None, "article"):
        return "not_article"
    return "ok"
