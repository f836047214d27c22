"""Owns metadata candidates read from a parsed HTML page (JSON-LD, OpenGraph/meta, <h1>/<title>, bylines,
<time>, URL path) and their reconciliation into one value per field with the strategy that gave it. Pure."""

from __future__ import annotations

import contextlib
import html
import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate, islice
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs
from lxml.html import HtmlElement  # type: ignore[import-untyped]

from news_etl.metadata import (
    BY_WORD,
    DATE_IN_NAME,
    clean_name,
    cut_date,
    date_in_text,
    find_dates,
    fold_name,
    looks_like_job,
    looks_like_person,
    split_names,
    squash,
)

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "reportagenews", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "scholarlyarticle", "techarticle", "report", "socialmediaposting",
    "liveblogposting", "posting", "review", "medicalwebpage", "advertisercontentarticle", "satiricalarticle",
    "askpublicnewsarticle", "factcheck", "claimreview", "howto", "recipe", "creativework",
})
_PAGE_TYPES = frozenset({"webpage", "itempage", "aboutpage", "collectionpage", "qapage", "profilepage"})
_ORG_TYPES = frozenset({"organization", "newsmediaorganization", "corporation", "educationalorganization",
                        "governmentorganization", "ngo", "localbusiness", "brand", "website", "onlinebusiness"})

# (meta name/property/itemprop, lower-cased) -> field; earlier names win within one field.
_META_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("og:title", "twitter:title", "parsely-title", "sailthru.title", "dc.title", "dcterms.title",
              "citation_title", "title", "headline"),
    "author": ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator",
               "citation_author", "byl", "byline", "twitter:creator", "og:article:author", "cxenseparse:author"),
    "published": ("article:published_time", "og:article:published_time", "datepublished", "article.published",
                  "parsely-pub-date", "sailthru.date", "pubdate", "publishdate", "publish-date", "publish_date",
                  "date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.created", "dcterms.issued",
                  "citation_publication_date", "citation_date", "og:published_time", "article:published",
                  "datecreated", "published_time", "cxenseparse:recs:publishtime", "date.available"),
    "modified": ("article:modified_time", "og:updated_time", "datemodified", "article.updated",
                 "dcterms.modified", "dc.date.modified", "last-modified", "lastmod", "og:modified_time",
                 "article:modified"),
    "description": ("og:description", "description", "twitter:description", "dc.description"),
    "site_name": ("og:site_name", "application-name", "twitter:site", "publisher", "dc.publisher",
                  "cxenseparse:sitename", "apple-mobile-web-app-title"),
    "image": ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src", "image"),
    "keywords": ("keywords", "news_keywords", "parsely-tags", "sailthru.tags"),
    "tags": ("article:tag", "og:article:tag"),
    "section": ("article:section", "og:article:section", "parsely-section", "section", "cxenseparse:section"),
    "license": ("dc.rights", "dcterms.license", "license", "copyright", "dc.license"),
}
_META_LOOKUP = {name: fieldname for fieldname, names in _META_FIELDS.items() for name in names}

_TITLE_SEPARATORS = re.compile(r"\s+(?:[|·•»«:~/\\–—-]|::|--|\u2013|\u2014)\s+")
# class/id/itemprop words of byline elements (plain words: `_byline_elements` looks them up with str.find)
_BYLINE_WORDS = ("byline", "author", "firma", "autor", "auteur", "writer", "signature", "contributor", "posted-by",
                 "postedby", "meta-by")
_BYLINE_CLASS = re.compile("|".join(map(re.escape, _BYLINE_WORDS)), re.I)
_BYLINE_SKIP_CLASS = re.compile(r"avatar|bio|description|about|comment|image|img|photo|share|social|follow", re.I)
# Any element may carry itemprop: compiled XPath tests them in libxml2, where `iterfind` would make a Python
# object of every element in the page to test it.
_ITEMPROP_ELEMENTS = etree.XPath(".//*[@itemprop]")

@dataclass(frozen=True)
class Candidate:
    value: str
    source: str


@dataclass
class PageMeta:
    """Every candidate the page offers, in priority order per field (first is best)."""

    titles: list[Candidate] = field(default_factory=list)
    h1s: list[str] = field(default_factory=list)
    html_title: str | None = None
    authors: list[tuple[tuple[str, ...], str]] = field(default_factory=list)
    published: list[Candidate] = field(default_factory=list)
    modified: list[Candidate] = field(default_factory=list)
    descriptions: list[Candidate] = field(default_factory=list)
    site_names: list[Candidate] = field(default_factory=list)
    canonical: Candidate | None = None
    image: Candidate | None = None
    tags: list[Candidate] = field(default_factory=list)
    categories: list[Candidate] = field(default_factory=list)
    keywords: list[Candidate] = field(default_factory=list)
    license: Candidate | None = None
    article_body: str | None = None
    jsonld_types: set[str] = field(default_factory=set)
    og_type: str | None = None
    free: bool | None = None  # JSON-LD isAccessibleForFree
    lang: str | None = None
    # Dates printed next to the headline, in page order: "header" (a publication date, or a date without a
    # label) or "header_updated" (labelled "Updated ..." or marked as the modification date).
    shown_dates: list[Candidate] = field(default_factory=list)


def month_first(lang: str | None) -> bool:
    """US English writes 03-09-2026 for March 9; everyone else (and ISO) puts the day first."""
    return (lang or "").lower().replace("_", "-") in ("en", "en-us")


def text_of(element: HtmlElement) -> str:
    """Visible text with child elements kept apart ("Jane Doe</a><span>Published" is two words, not one)."""
    return squash(" ".join(element.itertext()))


# A <time> or a nested heading in an <h1> is a date or a byline line, not words of the headline.
_NOT_HEADLINE = frozenset({"time", "h2", "h3", "h4", "h5", "h6", "script", "style", "noscript", "template", "svg",
                           "button", "figure", "img"})


# A label printed before the headline in its own element: arXiv's '<h1><span class="descriptor">Title:</span>'.
_TITLE_LABEL = re.compile(r"^(?:title|titre|titel|t[ií]tulo|titolo)\s*:\s*", re.IGNORECASE)


def headline_text(element: HtmlElement) -> str:
    """The words of a headline element as written, nested dates and byline headings left out. Markup inside
    a word ("<span>C</span>ycle", a drop cap) does not split it; any other element boundary is a space."""
    parts: list[str] = []
    skipped = 0  # depth inside an element whose words are left out
    for event, node in etree.iterwalk(element, events=("start", "end")):  # no recursion: nesting is unbounded
        inner = node is not element
        if event == "start":
            if skipped or (inner and (not isinstance(node.tag, str) or node.tag in _NOT_HEADLINE)):
                skipped += 1
            elif node.text:
                parts.append(node.text)
            continue
        if skipped:
            skipped -= 1
            if skipped:
                continue
        if inner and node.tail:
            parts.append(node.tail)
    text = ""
    for part in parts:
        glue = "" if text[-1:].isalnum() and part[:1].islower() else " "
        text = text + glue + part if text else part
    return squash(text)


def repair_text(value: str) -> str:
    """Undo two publishing accidents in short metadata strings: entities escaped twice ("SQL &#x26; AI") and
    UTF-8 read as Latin-1 ("Investorâ\x80\x99s")."""
    if "&" in value and re.search(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+);", value, re.IGNORECASE):
        value = html.unescape(value)
    if re.search("[\u00c2-\u00f4][\u0080-\u00bf]", value):
        with contextlib.suppress(UnicodeError):
            value = value.encode("latin-1").decode("utf-8")
    return value


def fold(value: str) -> str:
    """Comparison key for titles and site names: accents, case, punctuation and spacing do not matter."""
    return " ".join(_WORD.findall(fold_name(value)))


# --- JSON-LD ---------------------------------------------------------------------------------------------

def _jsonld_objects(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    for script in tree.iterfind(".//script[@type]"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        try:
            data = json.loads(script.text.strip().rstrip(";"), strict=False)
        except ValueError:
            continue
        yield from _flatten(data, 0)


def _flatten(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten(data["@graph"], depth + 1)
        main = data.get("mainEntity")
        if isinstance(main, dict):
            yield from _flatten(main, depth + 1)


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower().rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)}


def _as_text(value: Any) -> str | None:
    if isinstance(value, str):
        # JSON-LD is often written by templates that HTML-escape it a second time ("&amp;", "&#8217;")
        return squash(html.unescape(value) if "&" in value else value) or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list) and value:
        return _as_text(value[0])
    if isinstance(value, dict):
        return _as_text(value.get("name") or value.get("@value") or value.get("url") or value.get("@id"))
    return None


def _names(value: Any, by_id: dict[str, dict[str, Any]], org_names: set[str]) -> list[str]:
    """Credited names from a JSON-LD author value: a string, a Person, a list, or an @id reference into the
    graph. An Organization counts only when no person is named beside it (there it is an affiliation);
    one that is the site itself is dropped by the caller."""
    people: list[str] = []
    organisations: list[str] = []
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, dict) and set(item) <= {"@id"} and item.get("@id") in by_id:
            item = by_id[item["@id"]]
        if isinstance(item, str):
            people.append(item)
        elif isinstance(item, dict):
            name = _as_text(item.get("name"))
            if not name and (item.get("givenName") or item.get("familyName")):
                name = " ".join(str(item.get(k) or "") for k in ("givenName", "familyName")).strip()
            if name:
                (organisations if _types(item) & _ORG_TYPES else people).append(name)
    return people or organisations


def _read_jsonld(tree: HtmlElement, meta: PageMeta) -> None:
    objects = list(_jsonld_objects(tree))
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str) and len(o) > 1}
    articles = [o for o in objects if _types(o) & _ARTICLE_TYPES]
    pages = [o for o in objects if _types(o) & _PAGE_TYPES]
    for obj in objects:
        meta.jsonld_types |= _types(obj)
    org_names: set[str] = set()
    for obj in objects:
        if _types(obj) & {"website", "newsmediaorganization", "organization"}:
            name = _as_text(obj.get("name"))
            if name and len(name) < 80:
                meta.site_names.append(Candidate(name, "jsonld"))
                org_names.add(fold(name))
    for obj in articles[:1]:
        title = _as_text(obj.get("headline")) or _as_text(obj.get("name"))
        if title:
            meta.titles.append(Candidate(title, "jsonld"))
        publisher = obj.get("publisher")
        if isinstance(publisher, dict) and set(publisher) <= {"@id"} and publisher.get("@id") in by_id:
            publisher = by_id[publisher["@id"]]
        pub_name = _as_text(publisher.get("name")) if isinstance(publisher, dict) else None
        if pub_name:
            meta.site_names.insert(0, Candidate(pub_name, "jsonld"))
            org_names.add(fold(pub_name))
        names = [n for n in _names(obj.get("author") or obj.get("creator"), by_id, org_names)
                 if fold(n) not in org_names]
        if names:
            meta.authors.append((tuple(names), "jsonld"))
        for key, bucket in (("datePublished", meta.published), ("dateCreated", meta.published),
                            ("dateModified", meta.modified)):
            value = _as_text(obj.get(key))
            if value:
                bucket.append(Candidate(value, "jsonld"))
        desc = _as_text(obj.get("description"))
        if desc:
            meta.descriptions.append(Candidate(desc, "jsonld"))
        for key, bucket in (("keywords", meta.keywords), ("articleSection", meta.categories)):
            for value in _list_values(obj.get(key)):
                bucket.append(Candidate(value, "jsonld"))
        image = _as_text(obj.get("image") or obj.get("thumbnailUrl"))
        if image and meta.image is None and image.startswith(("http", "/")):
            meta.image = Candidate(image, "jsonld")
        lic = _as_text(obj.get("license"))
        if lic:
            meta.license = Candidate(lic, "jsonld")
        body = obj.get("articleBody")
        if isinstance(body, str) and body.strip():
            meta.article_body = body.strip()
        free = obj.get("isAccessibleForFree")
        if free is not None:
            meta.free = str(free).strip().lower() not in ("false", "0", "no")
    # A WebPage's dates and author stand in for an article that declares none.
    for obj in pages[:1]:
        if not articles:
            names = [n for n in _names(obj.get("author"), by_id, org_names) if fold(n) not in org_names]
            if names:
                meta.authors.append((tuple(names), "jsonld"))
        for key, bucket in (("datePublished", meta.published), ("dateModified", meta.modified)):
            value = _as_text(obj.get(key))
            if value:
                bucket.append(Candidate(value, "jsonld"))


def _list_values(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        return [t for v in value if (t := _as_text(v))]
    return []


# --- meta tags and page elements ---------------------------------------------------------------------------

_WRITTEN_BY = re.compile(r"^(?:written by|author|auteur|autor|geschrieben von|escrito por|scritto da)\s*:?$",
                         re.IGNORECASE)


def _read_meta(tree: HtmlElement, meta: PageMeta) -> None:
    seen: dict[str, list[tuple[str, str]]] = {}
    labelled: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        content = element.get("content")
        if not key or content is None:
            continue
        fieldname = _META_LOOKUP.get(key)
        content = squash(content)
        if fieldname and content:
            seen.setdefault(fieldname, []).append((key, content))
        if key == "og:type":
            meta.og_type = content.lower()
        elif key == "og:url" and content.startswith("http") and meta.canonical is None:
            meta.canonical = Candidate(content, "opengraph")
        elif key.startswith(("twitter:label", "twitter:data")):
            labelled[key] = content
    # Twitter's labelled data ("twitter:label1" = "Written by", "twitter:data1" = the name), as SEO plugins
    # write it: an author field when nothing else names one.
    for key, label in sorted(labelled.items()):
        value = labelled.get(key.replace("label", "data"), "")
        if key.startswith("twitter:label") and _WRITTEN_BY.match(label) and value:
            seen.setdefault("author", []).append(("twitter:data", value))
    last_author_key = ""
    for fieldname, pairs in seen.items():
        order = _META_FIELDS[fieldname]
        pairs.sort(key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))
        for key, content in pairs:
            source = _meta_source(key)
            if fieldname == "title":
                meta.titles.append(Candidate(content, source))
            elif fieldname == "author":
                if key == "twitter:creator" or content.startswith(("http://", "https://", "/")):
                    continue
                names = tuple(split_names(content, structured=True))
                # one tag per person (citation_author, article:author): the repeats are co-authors
                if meta.authors and meta.authors[-1][1] == source and last_author_key == key:
                    names = meta.authors.pop()[0] + names
                meta.authors.append((names, source))
                last_author_key = key
            elif fieldname == "published":
                meta.published.append(Candidate(content, source))
            elif fieldname == "modified":
                meta.modified.append(Candidate(content, source))
            elif fieldname == "description":
                meta.descriptions.append(Candidate(content, source))
            elif fieldname == "site_name":
                meta.site_names.append(Candidate(content.lstrip("@"), source))
            elif fieldname == "image" and meta.image is None:
                meta.image = Candidate(content, source)
            elif fieldname == "keywords":
                meta.keywords.extend(Candidate(v, source) for v in _list_values(content))
            elif fieldname == "tags":
                meta.tags.append(Candidate(content, source))
            elif fieldname == "section":
                meta.categories.append(Candidate(content, source))
            elif fieldname == "license" and meta.license is None:
                meta.license = Candidate(content, source)


def _meta_source(key: str) -> str:
    if key.startswith(("og:", "article:")):
        return "opengraph"
    if key.startswith("twitter:"):
        return "twitter"
    return "meta"


def _read_elements(tree: HtmlElement, meta: PageMeta, base_url: str | None) -> HtmlElement | None:
    """<title>, <h1>s, canonical and licence links, tags, lang; returns the headline's <h1> element."""
    title = tree.find(".//title")
    if title is not None:
        meta.html_title = text_of(title) or None
    headline = None
    # The headline is the first <h1> outside the page chrome, or an earlier <h2>/<h3> holding the words of
    # the JSON-LD or social title (pages that set the headline in an <h2> and use <h1> for a pull quote).
    keys = {fold(part) for c in meta.titles for part in [c.value, *_TITLE_SEPARATORS.split(c.value)]} - {""}
    for heading in tree.iter("h1", "h2", "h3"):
        if heading.tag != "h1" and (headline is not None or not keys):
            continue
        value = _TITLE_LABEL.sub("", headline_text(heading))
        if not value or len(value) >= 300 or (heading.tag != "h1" and fold(value) not in keys) or _in_chrome(
                heading):
            continue
        meta.h1s.append(value)
        headline = headline if headline is not None else heading
        if len(meta.h1s) >= 3:
            break
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if not href:
            continue
        if "canonical" in rel and (meta.canonical is None or meta.canonical.source != "link"):
            meta.canonical = Candidate(urljoin(base_url or "", href), "link")
        elif "license" in rel and meta.license is None:
            meta.license = Candidate(href, "link")
    for anchor in tree.iterfind(".//a[@rel]"):
        if "license" in (anchor.get("rel") or "").lower() and meta.license is None and anchor.get("href"):
            meta.license = Candidate(anchor.get("href") or "", "link")
        if "tag" in (anchor.get("rel") or "").lower().split():
            value = text_of(anchor)
            if value and len(value) < 60:
                meta.tags.append(Candidate(value, "link"))
    if meta.canonical is None:
        shared = _shared_url(tree)
        if shared:
            meta.canonical = Candidate(shared, "share_link")
    root = tree if tree.tag == "html" else tree.find(".//html")
    if root is not None and root.get("lang"):
        meta.lang = root.get("lang")
    return headline


_SHARE_HREF = re.compile(r"shar|send|intent|submit|pin/create", re.IGNORECASE)


def _shared_url(tree: HtmlElement) -> str | None:
    """The page's own address as its share buttons pass it on (?u=, ?url=, ?text=), when two or more agree."""
    counts: dict[str, int] = {}
    for anchor in tree.iterfind(".//a[@href]"):
        href = anchor.get("href") or ""
        if "?" not in href or not _SHARE_HREF.search(href.split("?", 1)[0]):
            continue
        for key, values in parse_qs(urlsplit(href).query).items():
            if key.lower() in ("u", "url", "text", "link") and values:
                value = values[0].strip()
                if value.startswith(("http://", "https://")) and " " not in value:
                    counts[value] = counts.get(value, 0) + 1
    best = max(counts.items(), key=lambda kv: (kv[1], kv[0]), default=None)
    return best[0] if best and best[1] >= 2 else None


def _read_times(tree: HtmlElement, meta: PageMeta, page_url: str) -> None:
    """<time datetime> and itemprop dates in the page; ones inside the article or marked pubdate first. A
    <time> in a teaser (related stories, sidebars) or in a link to another item (a card: "<a href=/other>
    <h3>Title</h3> <time>") dates that item."""
    for element in _ITEMPROP_ELEMENTS(tree):
        prop = (element.get("itemprop") or "").lower()
        if prop in ("datepublished", "datemodified", "datecreated") and element.tag != "meta":
            value = element.get("datetime") or element.get("content") or text_of(element)
            if value:
                (meta.modified if prop == "datemodified" else meta.published).append(Candidate(value, "time"))
    for element in tree.iter("time"):
        value = element.get("datetime")
        if not value:
            continue
        cls = ((element.get("class") or "") + " " + (element.get("itemprop") or "")).lower()
        if "modif" in cls or "updat" in cls or _UPDATED_LABEL.search(_text_before(element)):
            meta.modified.append(Candidate(value, "time"))
            continue
        if _in_teaser(element) or _link_elsewhere(_enclosing_link(element), page_url):
            continue
        meta.published.append(Candidate(value, "time"))
        break


# "Updated", "Last reviewed", "Mis à jour", "Aktualisiert", "Actualizado" just before a date: not the
# publication date.
_UPDATED_LABEL = re.compile(
    r"(?:updated|modified|reviewed|refreshed|mis à jour|mise à jour|aktualisiert|actualizado|aggiornato"
    r"|atualizado|bijgewerkt)\W*(?:on|le|am|el|il|em|op)?\W*$", re.IGNORECASE)


def _text_before(element: HtmlElement) -> str:
    """The text just before an element within its parent (its label, e.g. "Last updated: ")."""
    parent = element.getparent()
    if parent is None:
        return ""
    before: list[str] = [parent.text or ""]
    for child in parent:
        if child is element:
            break
        before.append(text_of(child))
        before.append(child.tail or "")
    return "".join(before)[-40:]


def _in_chrome(element: HtmlElement) -> bool:
    """An element in the site's navigation, footer or logo rather than the article."""
    for depth, node in enumerate((element, *element.iterancestors())):
        if node.tag in ("article", "main", "body"):
            return False
        if node.tag in ("nav", "footer", "aside"):
            return True
        # class markers only count close to the element: a <body class="wp-custom-logo"> says nothing
        marker = ((node.get("class") or "") + " " + (node.get("id") or "")).lower()
        if depth <= 3 and any(w in marker for w in ("logo", "site-title", "site-name", "brand", "navbar")):
            return True
    return False


# Class and id words of the containers that hold other items than the page's article: related stories, comments,
# sidebars, recommendation widgets.
TEASER_MARKERS = ("related", "comment", "sidebar", "recommend", "teaser", "widget")


def _in_teaser(element: HtmlElement) -> bool:
    """A <time> inside a related-stories list, a comment or a sidebar dates another item."""
    for ancestor in element.iterancestors():
        if ancestor.tag in ("aside", "footer", "nav", "li"):
            return True
        marker = ((ancestor.get("class") or "") + " " + (ancestor.get("id") or "")).lower()
        if any(w in marker for w in TEASER_MARKERS):
            return True
        if ancestor.tag == "article":
            return False
    return False


def _read_bylines(tree: HtmlElement, meta: PageMeta) -> None:
    """Byline elements ('By Jane Doe', class=byline/author/firma, rel=author): names, and a date they hold."""
    found: list[str] = []
    for element in tree.iterfind(".//a[@rel]"):
        if "author" in (element.get("rel") or "").lower().split():
            value = text_of(element)
            if value and fold(value) not in {fold(n) for n in found}:
                found.append(value)
    if found:
        meta.authors.append((tuple(n for n in (clean_name(v) for v in found) if n), "byline"))
    for element in _byline_elements(tree):
        marker = (element.get("class") or "") + " " + (element.get("id") or "") + " " + (element.get("itemprop") or "")
        if not _BYLINE_CLASS.search(marker) or _BYLINE_SKIP_CLASS.search(marker) or _in_teaser(element):
            continue
        value = text_of(element)
        if not value or len(value) > 160:
            continue
        names = _byline_names(value)
        if names:
            meta.authors.append((_byline_names(_names_text(element)) or names, "byline"))
            date = date_in_text(value, month_first=month_first(meta.lang))
            if date:
                meta.published.append(Candidate(date, "byline"))
            break


# A credit printed as an element of its own anywhere on the page: "Written by Jane Doe" in an author box under the
# article, "By Jane Doe" in the body's first lines. Only the English "by" alone; other languages in their
# explicit phrases ("geschrieben von", not "von", which starts names).
_CREDIT = re.compile(r"^\s*(?:(?:written|posted|article|words|story|text)\s+by|by|authors?\s*:|geschrieben von"
                     r"|escrito por|publié par|écrit par)(?:\s*:)?(?:\s+|$)", re.IGNORECASE)
_CREDIT_MAX_CHARS = 80


def credit_line(tree: HtmlElement) -> tuple[str, ...]:
    """The people named by the first element whose whole text is a credit ("Written by Jane Doe"; with the name
    in a link or a sibling element, the credit is its parent's text), outside teasers, navigation and footers;
    only names that read as people's. A last resort, for pages whose structured data and header name nobody."""
    for node in tree.iter():
        if not isinstance(node.tag, str) or node.tag in _NOT_TEXT or not node.text or not _CREDIT.match(node.text):
            continue
        holder, text = node, text_of(node)
        if text and not _CREDIT.sub("", text, count=1) and node.getparent() is not None:
            holder = node.getparent()  # "<span>Written by</span> <a>Jane Doe</a>"
            text = text_of(holder)
        if not text or len(text) > _CREDIT_MAX_CHARS or _in_teaser(holder) or _in_chrome(holder):
            continue
        if next(holder.iterancestors("table", "dl"), None) is not None or holder.tag in ("tr", "dl"):
            continue  # a work's credits in an infobox ("Written by" beside "Directed by"), not the page's
        names = split_names(cut_date(_CREDIT.sub("", text, count=1)))
        if names and all(looks_like_person(name) for name in names):
            return tuple(names)
    return ()


# A name element inside an author box ("author-box__name", "author-name"): the box also holds the author's
# title and bio ("Liz Kenny" then "Former McKinsey Consultant"), which are not names.
_NAME_CLASS = re.compile(r"(?:^|[\s_-])name(?:$|[\s_-])|authorname", re.I)


def _names_text(element: HtmlElement) -> str:
    """The text of the byline element's name elements, joined with "and"; "" when it has none."""
    texts: list[str] = []
    for child in element.iterdescendants():
        if isinstance(child.tag, str) and _NAME_CLASS.search(child.get("class") or ""):
            text = text_of(child)
            if text and not any(text in taken for taken in texts):  # not a name element inside another
                texts.append(text)
    return " and ".join(texts)


# Elements are looked at in chunks of this many: the first byline usually comes early in the page and ends
# the search, and one find() per word over a chunk costs about what a few regex searches do.
_BYLINE_CHUNK = 128


def _byline_elements(tree: HtmlElement) -> Iterator[HtmlElement]:
    """The div/span/p/address/section/li/a elements whose class, id or itemprop holds a byline word, in page
    order. Class lists run long (utility CSS), and a case-insensitive regex over each one was most of
    read_page's time: the markers of a chunk of elements are joined and each word looked up with str.find."""
    elements = tree.iter("div", "span", "p", "address", "section", "li", "a")
    while chunk := list(islice(elements, _BYLINE_CHUNK)):
        markers = [(e.get("class") or "") + " " + (e.get("id") or "") + " " + (e.get("itemprop") or "")
                   for e in chunk]
        joined = "\n".join(markers)  # no word holds a newline, so no match spans two markers
        if not joined.isascii():  # lower() is the regex's case folding only for ASCII
            yield from (e for e, marker in zip(chunk, markers, strict=True) if _BYLINE_CLASS.search(marker))
            continue
        folded = joined.lower()
        ends = list(accumulate(len(marker) + 1 for marker in markers))
        hits: set[int] = set()
        for word in _BYLINE_WORDS:
            at = folded.find(word)
            while at >= 0:
                hits.add(bisect_right(ends, at))
                at = folded.find(word, at + 1)
        yield from (chunk[index] for index in sorted(hits))


def _byline_names(value: str) -> tuple[str, ...]:
    head = value.split("|")[0] if "|" in value else value
    head = BY_WORD.sub("", head, count=1)
    head = DATE_IN_NAME.sub("", cut_date(head))
    return tuple(split_names(head))


# --- the article header: the lines printed around the headline ----------------------------------------------

# Text nodes after the headline that can still be its header (byline, date line, reading time, a share bar);
# later nodes are the body. Before the headline, only this many characters (a kicker, a date above it).
_HEADER_AFTER = 12
_HEADER_BEFORE_CHARS = 150
_HEADER_NODE_MAX = 120  # longer text nodes are sentences (a standfirst, the body), not header lines
# (a <button> stays: sites print the author's name in one that opens the author's bio)
_NOT_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "select", "option", "textarea"})
_UPDATED_CLASS = re.compile(r"updat|modif", re.IGNORECASE)


# A text node as XPath sees one: (its text, the element it is the text or the tail of, whether a tail).
_TextNode = tuple[str, HtmlElement, bool]


def _subtree_texts(element: HtmlElement) -> Iterator[_TextNode]:
    """The text nodes of an element, its descendants and then its tail, in document order."""
    for event, node in etree.iterwalk(element, events=("start", "end")):
        if event == "start":
            if node.text is not None and isinstance(node.tag, str):  # a comment's text is no text node
                yield node.text, node, False
        elif node.tail is not None:
            yield node.tail, node, True


def _subtree_texts_backwards(element: HtmlElement) -> Iterator[_TextNode]:
    """The text nodes of an element, its descendants and its tail, last first."""
    if element.tail is not None:
        yield element.tail, element, True
    for child in reversed(element):
        yield from _subtree_texts_backwards(child)
    if element.text is not None and isinstance(element.tag, str):
        yield element.text, element, False


def _following_texts(element: HtmlElement) -> Iterator[_TextNode]:
    """XPath's following::text() walked lazily, nearest first: the element's tail, then its following
    siblings' subtrees, then the same from each ancestor up."""
    node = element
    while node is not None:
        if node.tail is not None:
            yield node.tail, node, True
        for sibling in node.itersiblings():
            yield from _subtree_texts(sibling)
        node = node.getparent()


def _preceding_texts(element: HtmlElement) -> Iterator[_TextNode]:
    """XPath's preceding::text() walked lazily, nearest first: the preceding siblings' subtrees backwards,
    then the parent's own text (the parent itself, an ancestor, is not preceding), and on up."""
    node = element
    while node is not None:
        for sibling in node.itersiblings(preceding=True):
            yield from _subtree_texts_backwards(sibling)
        parent = node.getparent()
        if parent is not None and parent.text is not None:
            yield parent.text, parent, False
        node = parent


def _nonblank(nodes: Iterator[_TextNode]) -> Iterator[_TextNode]:
    """XPath's [normalize-space()]: text beyond XML's four whitespace characters."""
    return (node for node in nodes if node[0].strip(" \t\r\n"))


def _header_lines(headline: HtmlElement) -> list[tuple[str, HtmlElement, bool]]:
    """The short text nodes around the headline in page order: (text, the element holding it, after it)."""
    def visible(nodes: Iterable[_TextNode]) -> list[tuple[str, HtmlElement]]:
        out: list[tuple[str, HtmlElement]] = []
        for text, parent, is_tail in nodes:
            holder = parent.getparent() if is_tail else parent
            if holder is None or (not is_tail and parent.tag in _NOT_TEXT):
                continue
            out.append((squash(text), parent))
        return out

    before = visible(reversed(list(islice(_nonblank(_preceding_texts(headline)), 12))))
    after = visible(islice(_nonblank(_following_texts(headline)), 40))[:_HEADER_AFTER]
    kept: list[tuple[str, HtmlElement]] = []
    chars = 0
    for text, element in reversed(before):
        if chars >= _HEADER_BEFORE_CHARS:
            break
        chars += len(text)
        kept.insert(0, (text, element))
    listing: dict[HtmlElement, bool] = {}  # lines share their holders and ancestors: each looked at once
    return [(t, e, is_after) for (t, e), is_after in [(line, False) for line in kept] + [(line, True) for line in after]
            if len(t) <= _HEADER_NODE_MAX and not _in_listing(e, listing)]


# A photo's caption or credit ("wp-caption-text", "CaptionWrapper") prints the photo's date and names.
_LISTING_CLASS = re.compile(r"(?:^|\s)(?:related|ticker|sidebar|recommend|teaser|widget|breadcrumb|comment)"
                            r"|(?:^|[\s_-])caption", re.IGNORECASE)


def _in_listing(element: HtmlElement, seen: dict[HtmlElement, bool] | None = None) -> bool:
    """Navigation, a ticker, a sidebar, a related-stories block or a photo (figure, caption): its dates and names
    are other items'.
    Class names count from the start of a class ("sidebar-item", not "elementor-widget-container").
    `seen` remembers the answer for each element walked, for calls on elements that share ancestors."""
    walked: list[HtmlElement] = []
    found = False
    for node in (element, *element.iterancestors()):
        if seen is not None and node in seen:
            found = seen[node]
            break
        walked.append(node)
        if node.tag in ("nav", "aside", "footer", "figure", "figcaption") or _LISTING_CLASS.search(
                (node.get("class") or "") + " " + (node.get("id") or "")):
            found = True
            break
    if seen is not None:
        seen.update((node, found) for node in walked)
    return found


def _read_header(headline: HtmlElement, meta: PageMeta, page_url: str) -> None:
    """Dates printed around the headline: what the publisher shows readers as the article's date. Those
    after the headline come first (byline, date line), then those just above it, nearest first."""
    host = urlsplit(page_url).hostname or ""
    lines = _header_lines(headline)
    after: list[Candidate] = []
    above: list[Candidate] = []
    for index, (text, element, is_after) in enumerate(lines):
        dates = find_dates(text)
        if dates and _links_to_other_item(element, page_url, dates[0][1]):
            continue
        for offset, written in dates:
            label = " ".join(t for t, _e, _a in lines[max(0, index - 2):index]) + " " + text[:offset]
            marker = (element.get("class") or "") + " " + (element.get("itemprop") or "")
            updated = bool(_UPDATED_LABEL.search(label[-40:])) or (
                bool(_UPDATED_CLASS.search(marker)) and "publish" not in marker.lower())
            cand = Candidate(written, "header_updated" if updated else "header")
            if is_after:
                after.append(cand)
            else:
                above.insert(0, cand)
    meta.shown_dates.extend(after + above)
    names, kind = _header_byline(lines, host)
    if names:
        meta.authors.append((names, kind))
    else:
        names = _name_beside_date(lines, headline_text(headline))
        if names:
            meta.authors.append((names, "date_line"))


def _name_beside_date(lines: list[tuple[str, HtmlElement, bool]], headline: str) -> tuple[str, ...]:
    """A byline without "By": a person's name printed in the date line or in the element just before or
    after it ("Elliot Raba · 23.07.2025", "Dec 17, 2025 Julian K. Arni")."""
    # separators ("·", "|") between the name and the date are elements of their own on many sites
    words = [(t, e, a) for t, e, a in lines if t.strip(" ·•|-–—/,")]
    for index, (text, _element, _is_after) in enumerate(words):
        dates = find_dates(text)
        if not dates:
            continue
        start, written = dates[0]
        after = text[start + len(written):]
        # "Dec. 19, 2025 · Niko Matsakis"; after a bar comes the section ("| Products Liability")
        beside = [text[:start]] + ([] if after.lstrip().startswith("|") else [after])
        # the element before or after; before a job title line ("Jane Doe / Marketing Director / date"),
        # the one before that. A link to another page (a category, a tag) is not a byline.
        near = [index - 1, index + 1]
        if index >= 2 and looks_like_job(words[index - 1][0]):
            near.insert(1, index - 2)
        beside += [words[i][0] for i in near if 0 <= i < len(words) and not _other_page_link(words[i][1])]
        for value in beside:
            value = _SPACE.sub(" ", re.split(r"[·•|]", value.strip(" ·•|-–—,"))[0]).strip(" ·•|-–—,")
            # "Mahua Das in Project Management", "Niko Matsakis on behalf of ...": the name ends at a
            # connecting word; "When I started ..." is a sentence
            name = re.match(r"^((?:(?:[A-Z][\w'’.-]*|van|von|der|de|da|di|del|la|le|du)\s?)+)(?:$|(?:in|on|for|at"
                            r"|and|with)\b)", value)
            if name and looks_like_person(name.group(1).strip()) and fold(name.group(1)) not in fold(headline):
                return (name.group(1).strip(),)
        return ()
    return ()


# A date archive (/2019/07/13/, /2019/07/): where blogs link the date of the post itself.
_ARCHIVE_PATH = re.compile(r"^/?(?:[\w-]+/)?(?:19|20)\d{2}/\d{1,2}(?:/\d{1,2})?/?$")


def _enclosing_link(element: HtmlElement) -> HtmlElement | None:
    """The <a> that is or holds the element."""
    return element if element.tag == "a" else next(element.iterancestors("a"), None)


def _links_to_other_item(element: HtmlElement, page_url: str, date: str) -> bool:
    """A date that is the whole text of a link to another item (an older post: "8 August 2009: the first
    post ..."), not to this page, its permalink, a fragment, a date archive or an author's page."""
    anchor = _enclosing_link(element)
    linked = text_of(anchor) if anchor is not None else ""  # a text node after the link (its tail) is not in it
    if date not in linked or any(c.isalpha() for c in linked.replace(date, "")):
        return False
    return _link_elsewhere(anchor, page_url)


def _link_elsewhere(anchor: HtmlElement | None, page_url: str) -> bool:
    """A link (the one an element is in, if any) to another item: not to this page, its permalink, a
    fragment, a date archive or an author's page."""
    href: str = (anchor.get("href") or "").strip() if anchor is not None else ""
    if not page_url or not href or href.startswith(("#", "javascript:")):
        return False
    target = urlsplit(urljoin(page_url, href))
    here = urlsplit(page_url)
    if not target.path.strip("/") or _ARCHIVE_PATH.match(target.path) or _AUTHOR_HREF.search(target.path):
        return False
    return target.path.rstrip("/") != here.path.rstrip("/") or target.query != here.query


def _other_page_link(element: HtmlElement) -> bool:
    """Text inside a link to a page that is not an author's (a category, a tag, the home page)."""
    anchor = _enclosing_link(element)
    href = (anchor.get("href") or "").strip() if anchor is not None else ""
    return bool(href) and not href.startswith("#") and not _AUTHOR_HREF.search(href)


# An author's page on the site: /author/jane-doe, /people/jane-doe, /contributors/jane-doe
_AUTHOR_HREF = re.compile(r"/(?:authors?|autor(?:es)?|auteurs?|people|person|profiles?|contributors?|staff|writers?"
                          r"|journalists?|columnists?|reporters?|team|by)/[^/?#]+", re.IGNORECASE)
# A byline label standing alone, the name in the next element: "By", "Written by:", "Author", "Autor:"
_BYLINE_LABEL = re.compile(r"^(?:(?:written|posted|published|article|words|reported|contributed)\s+)?"
                           r"(?:by|par|von|por|door|di)\s*:?$|^(?:author(?:\(s\)|s)?|autor(?:es)?|auteurs?"
                           r"|contributors?)\s*:?$", re.IGNORECASE)
_NAME_JOINER = re.compile(r"^,?\s*(?:&|and|et|und|y|e|en)?$", re.IGNORECASE)


def _header_byline(lines: list[tuple[str, HtmlElement, bool]], host: str) -> tuple[tuple[str, ...], str]:
    """The names of the first byline printed by the headline: "By Jane Doe" in one line, a link to an author
    page on the site, or a "By" label with the name in the next element. Co-authors joined by "and" or
    commas are kept, the next credit ("Edited by") is not; photo credits are not bylines."""
    def inline(index: int) -> tuple[str, ...]:
        text = lines[index][0]
        match = BY_WORD.match(text)
        if not match or not text[match.end():].strip() or _CREDIT_LINE.match(text):
            return ()
        return _byline_names(text)

    def linked(index: int) -> tuple[str, ...]:
        anchor = _author_link(lines[index][1], host)
        text = lines[index][0]
        if anchor is None or _CREDIT_LINE.match(text):
            return ()
        # one link to one author page names one author, even as "Tax & Accounting" or over two lines
        if " " not in text and index + 1 < len(lines) and _author_link(lines[index + 1][1], host) is anchor:
            text = f"{text} {lines[index + 1][0]}"
        name = clean_name(cut_date(text))
        return (name,) if name else ()

    def labelled(index: int) -> tuple[str, ...]:
        if not index or not _BYLINE_LABEL.match(lines[index - 1][0]):
            return ()
        return tuple(split_names(cut_date(lines[index][0])))

    # A "By" label whose next element is not the author link the header has is a category ("By topic").
    has_link = any(_author_link(element, host) is not None for _text, element, _after in lines)
    # the lines after the headline first: above it are kickers and section links
    for index in sorted(range(len(lines)), key=lambda i: not lines[i][2]):
        names = inline(index) or linked(index)
        kind = "header"
        if not names and not has_link:
            names, kind = labelled(index), "header_label"
        if names:
            following = index + 1
            while following + 1 < len(lines) and _NAME_JOINER.match(lines[following][0]):
                more = linked(following + 1) or tuple(
                    n for n in split_names(lines[following + 1][0]) if looks_like_person(n))
                if not more:
                    break
                names += more
                following += 2
            return names, kind
    return (), ""


# Credits that are not the author's: a picture's, a reviewer's, an editor's, a fact-checker's.
_CREDIT_LINE = re.compile(r"^(?:(?:photo|photograph|image|illustration|video|graphic|credit|source)s?\b"
                          r"|(?:medically\s+)?reviewed|edited|fact[- ]?checked|verified)", re.IGNORECASE)


def _author_link(element: HtmlElement, host: str) -> HtmlElement | None:
    """The link to an author's page on this site holding the element (a social profile is not a byline)."""
    anchor = _enclosing_link(element)
    if anchor is None:
        return None
    href = anchor.get("href") or ""
    if not _AUTHOR_HREF.search(href):
        return None
    link_host = urlsplit(href).hostname or ""
    same_site = not link_host or not host or link_host.removeprefix("www.") == host.removeprefix("www.")
    return anchor if same_site else None


# --- titles --------------------------------------------------------------------------------------------------

_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "go", "gob", "gouv"})


def strip_site_name(title: str, site_names: Iterable[str], host: str | None) -> str:
    """'Headline | Site', 'Site - Headline', 'Headline - Site.com' -> 'Headline'."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    keys = {fold(s) for s in site_names if s}
    # the names in the address: "promotions.newegg.com" -> promotions, newegg; "www.bbc.co.uk" -> bbc
    labels = (host or "").lower().removeprefix("www.").split(".")[:-1]
    host_keys = [fold(label) for label in labels if label not in _SECOND_LEVEL]

    def is_site(part: str) -> bool:
        key = fold(part)
        if not key:
            return True
        squeezed = key.replace(" ", "")
        if key in keys or any(squeezed == k.replace(" ", "") for k in keys):
            return True
        # a shortened site name: "Thrive Internet Marketing" for "Thrive Internet Marketing Agency"
        if len(key.split()) >= 2 and any(k.startswith(key + " ") for k in keys):
            return True
        return any(squeezed == hk or squeezed.startswith(hk + "com")
                   or (len(hk) > 3 and hk in squeezed and len(part.split()) <= 4)
                   or (len(squeezed) >= 4 and len(part.split()) == 1 and squeezed in hk)  # "DianaHR", getdianahr
                   for hk in host_keys)

    changed = True
    while changed and len(parts) > 1:
        changed = False
        if is_site(parts[-1]):
            parts.pop()
            changed = True
        elif is_site(parts[0]):
            parts.pop(0)
            changed = True
    return _rejoin(title, parts)


def _rejoin(title: str, parts: list[str]) -> str:
    if not parts:
        return title
    first, last = title.find(parts[0]), title.rfind(parts[-1])
    if first < 0 or last < 0:
        return " ".join(parts)
    return title[first:last + len(parts[-1])].strip()


_STOP = frozenset({"the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "at", "by", "from", "is",
                   "are", "how", "what", "why", "your", "you", "this", "that"})


# Decoration around a title: stars, bullets, arrows, dangling separators (not closing brackets or "?!.").
_TITLE_DECORATION = re.compile(r"^[\s|·•»«~⋆★☆*–—:-]+|[\s|·•»«~⋆★☆*–—:-]+$")


def _trim_title(value: str) -> str:
    return _TITLE_DECORATION.sub("", value)


def _word_list(value: str) -> list[str]:
    return [w for w in fold(value).split() if w not in _STOP]


def _content_words(value: str) -> set[str]:
    return {w for w in fold(value).split() if len(w) > 2 and w not in _STOP}


def choose_title(meta: PageMeta, host: str | None) -> Candidate | None:
    """One title from the <h1>, JSON-LD headline, og/twitter/meta titles and <title>, site names trimmed off.

    The visible <h1> is the headline readers see, while social and SEO titles are often rewritten; so the
    first <h1> outside the page chrome wins when it shares a content word with another title source (a lone
    <h1> can be a blog or section name). Otherwise the title most sources agree on, in the order JSON-LD,
    OpenGraph, Twitter, meta, <title>.
    """
    sites = [c.value for c in meta.site_names]
    site_keys = {fold(s) for s in sites}
    if host:
        site_keys.add(fold(host.removeprefix("www.")))
    pool = [Candidate(_trim_title(strip_site_name(repair_text(c.value), sites, host)), c.source)
            for c in meta.titles]
    if meta.html_title:
        pool.append(Candidate(_strip_html_title(repair_text(meta.html_title), sites, host,
                                                [c.value for c in pool] + meta.h1s), "title"))
    pool = [c for c in pool if len(c.value) >= 3 and fold(c.value) not in site_keys]
    others = set().union(*(_content_words(c.value) for c in pool)) if pool else set()
    keys = [fold(c.value) for c in pool]
    html_key = fold(meta.html_title or "")
    for h1 in meta.h1s:
        h1 = _trim_title(strip_site_name(repair_text(h1), sites, host))
        if len(h1) < 3 or fold(h1) in site_keys:
            continue
        # "Blog: <headline>" where another source has the headline alone: a section label printed before it
        label, colon, rest = h1.partition(": ")
        if colon and len(label.split()) <= 2 and fold(rest) in keys:
            h1 = rest
        # <title> "Engora Data Blog: Small adventures ..." = this <h1> + the og:title: the <h1> is the
        # blog's name printed on every page, the other source holds the headline.
        for cand in pool:
            key = fold(cand.value)
            if cand.source != "title" and key != fold(h1) and html_key in (f"{fold(h1)} {key}", f"{key} {fold(h1)}"):
                return cand
        if not pool or _content_words(h1) & others:
            return Candidate(_better_written(h1, pool), "h1")
    if not pool:
        return None
    order = {"jsonld": 0, "opengraph": 1, "twitter": 2, "meta": 3, "title": 4}
    ranked = sorted(range(len(pool)), key=lambda i: (-keys.count(keys[i]), order.get(pool[i].source, 5), i))
    return pool[ranked[0]]


def _better_written(h1: str, pool: list[Candidate]) -> str:
    """The same headline as another source writes it, when the <h1> lost information: set in capitals
    ("BEST DRIP COFFEE MAKER", the case is the stylesheet's) or with characters lost to a bad encoding
    ("Beginner? Guide" for "Beginner's Guide")."""
    letters = [c for c in h1 if c.isalpha()]
    shouting = len(letters) > 8 and all(c.isupper() for c in letters)
    # each "?" or U+FFFD in the <h1> stands for the one to three characters it replaced
    damaged = re.compile("".join(".{1,3}" if c in "?\ufffd" else re.escape(c) for c in h1)) if re.search(
        r"\w[?\ufffd]\s", h1) or "\ufffd" in h1 else None
    for cand in pool:
        if shouting and _word_list(cand.value) == _word_list(h1) and not cand.value.isupper():
            return cand.value
        if damaged and damaged.fullmatch(cand.value) and "\ufffd" not in cand.value:
            return cand.value
    return h1


def _strip_html_title(title: str, sites: list[str], host: str | None, others: list[str]) -> str:
    stripped = strip_site_name(title, sites, host)
    if stripped != title:
        return stripped
    # "davidbau.com Vibe Coding": the site's address written before the headline without a separator
    first, _space, rest = title.partition(" ")
    if host and rest and first.lower().removeprefix("www.") == host.lower().removeprefix("www."):
        return rest.strip()
    # No known site name: if another source's title is a part of the <title>, that part is the headline.
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        folded = {fold(o) for o in others}
        for count in range(len(parts) - 1, 0, -1):
            for start in (0, len(parts) - count):
                head = _rejoin(title, parts[start:start + count])
                if fold(head) in folded:
                    return head
    return title


# --- entry point -----------------------------------------------------------------------------------------

def read_page(tree: HtmlElement, url: str | None) -> PageMeta:
    """All metadata candidates of a parsed page."""
    meta = PageMeta()
    _read_jsonld(tree, meta)
    _read_meta(tree, meta)
    headline = _read_elements(tree, meta, url)
    page_url = url or (meta.canonical.value if meta.canonical else "")
    _read_times(tree, meta, page_url)
    _read_bylines(tree, meta)
    if headline is not None:
        _read_header(headline, meta, page_url)
    return meta
