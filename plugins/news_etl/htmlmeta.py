"""Owns metadata candidates read from a parsed HTML page (JSON-LD, OpenGraph/meta, <h1>/<title>, bylines,
<time>, URL path) and their reconciliation into one value per field with the strategy that gave it. Pure."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml.html import HtmlElement  # type: ignore[import-untyped]  # lxml ships no stubs

from news_etl.metadata import BY_WORD, DATE_IN_NAME, clean_name, cut_date, date_in_text, fold_name, split_names

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
_BYLINE_CLASS = re.compile(
    r"byline|author|firma|autor|auteur|writer|signature|contributor|posted-by|postedby|meta-by", re.I)
_BYLINE_SKIP_CLASS = re.compile(r"avatar|bio|description|about|comment|image|img|photo|share|social|follow", re.I)

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


def text_of(element: HtmlElement) -> str:
    """Visible text with child elements kept apart ("Jane Doe</a><span>Published" is two words, not one)."""
    return _SPACE.sub(" ", " ".join(element.itertext())).strip()


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
        return _SPACE.sub(" ", html.unescape(value) if "&" in value else value).strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list) and value:
        return _as_text(value[0])
    if isinstance(value, dict):
        return _as_text(value.get("name") or value.get("@value") or value.get("url") or value.get("@id"))
    return None


def _names(value: Any, by_id: dict[str, dict[str, Any]], org_names: set[str]) -> list[str]:
    """People from a JSON-LD author value: a string, a Person, a list, or an @id reference into the graph."""
    out: list[str] = []
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, dict) and set(item) <= {"@id"} and item.get("@id") in by_id:
            item = by_id[item["@id"]]
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            name = _as_text(item.get("name"))
            if not name and (item.get("givenName") or item.get("familyName")):
                name = " ".join(str(item.get(k) or "") for k in ("givenName", "familyName")).strip()
            if name and _types(item) & _ORG_TYPES:
                org_names.add(fold(name))
                continue  # an organisation is not a person
            if name:
                out.append(name)
    return out


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

def _read_meta(tree: HtmlElement, meta: PageMeta) -> None:
    seen: dict[str, list[tuple[str, str]]] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        content = element.get("content")
        if not key or content is None:
            continue
        fieldname = _META_LOOKUP.get(key)
        content = _SPACE.sub(" ", content).strip()
        if fieldname and content:
            seen.setdefault(fieldname, []).append((key, content))
        if key == "og:type":
            meta.og_type = content.lower()
        elif key == "og:url" and content.startswith("http") and meta.canonical is None:
            meta.canonical = Candidate(content, "opengraph")
    for fieldname, pairs in seen.items():
        order = _META_FIELDS[fieldname]
        pairs.sort(key=lambda kv: order.index(kv[0]))
        for key, content in pairs:
            source = _meta_source(key)
            if fieldname == "title":
                meta.titles.append(Candidate(content, source))
            elif fieldname == "author":
                if key == "twitter:creator" or content.startswith(("http://", "https://", "/")):
                    continue
                meta.authors.append((tuple(split_names(content)), source))
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


def _read_elements(tree: HtmlElement, meta: PageMeta, base_url: str | None) -> None:
    title = tree.find(".//title")
    if title is not None:
        meta.html_title = text_of(title) or None
    for h1 in tree.iter("h1"):
        value = text_of(h1)
        if value and len(value) < 300 and not _in_chrome(h1):
            meta.h1s.append(value)
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


def _read_times(tree: HtmlElement, meta: PageMeta) -> None:
    """<time datetime> and itemprop dates in the page; ones inside the article or marked pubdate first."""
    for element in tree.iterfind(".//*[@itemprop]"):
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
        if _in_teaser(element):
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


def _in_teaser(element: HtmlElement) -> bool:
    """A <time> inside a related-stories list, a comment or a sidebar dates another item."""
    for ancestor in element.iterancestors():
        if ancestor.tag in ("aside", "footer", "nav", "li"):
            return True
        marker = ((ancestor.get("class") or "") + " " + (ancestor.get("id") or "")).lower()
        if any(w in marker for w in ("related", "comment", "sidebar", "recommend", "teaser", "widget")):
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
    for element in tree.iter("div", "span", "p", "address", "section", "li", "a"):
        marker = (element.get("class") or "") + " " + (element.get("id") or "") + " " + (element.get("itemprop") or "")
        if not _BYLINE_CLASS.search(marker) or _BYLINE_SKIP_CLASS.search(marker) or _in_teaser(element):
            continue
        value = text_of(element)
        if not value or len(value) > 160:
            continue
        names = _byline_names(value)
        if names:
            meta.authors.append((names, "byline"))
            date = date_in_text(value)
            if date:
                meta.published.append(Candidate(date, "byline"))
            break


def _byline_names(value: str) -> tuple[str, ...]:
    head = value.split("|")[0] if "|" in value else value
    head = BY_WORD.sub("", head, count=1)
    head = DATE_IN_NAME.sub("", cut_date(head))
    return tuple(split_names(head))


# --- titles --------------------------------------------------------------------------------------------------

def strip_site_name(title: str, site_names: Iterable[str], host: str | None) -> str:
    """'Headline | Site', 'Site - Headline', 'Headline - Site.com' -> 'Headline'."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    keys = {fold(s) for s in site_names if s}
    host_key = fold((host or "").removeprefix("www.").split(".")[0]) if host else ""

    def is_site(part: str) -> bool:
        key = fold(part)
        if not key:
            return True
        squeezed = key.replace(" ", "")
        if key in keys or any(squeezed == k.replace(" ", "") for k in keys):
            return True
        return bool(host_key) and (squeezed == host_key.replace(" ", "") or squeezed.startswith(host_key + "com")
                                   or (len(host_key) > 3 and host_key in squeezed and len(part.split()) <= 4))

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
    pool = [Candidate(_trim_title(strip_site_name(c.value, sites, host)), c.source) for c in meta.titles]
    if meta.html_title:
        pool.append(Candidate(_strip_html_title(meta.html_title, sites, host, [c.value for c in pool] + meta.h1s),
                              "title"))
    pool = [c for c in pool if len(c.value) >= 3 and fold(c.value) not in site_keys]
    others = set().union(*(_content_words(c.value) for c in pool)) if pool else set()
    keys = [fold(c.value) for c in pool]
    for h1 in meta.h1s:
        h1 = _trim_title(strip_site_name(h1, sites, host))
        if len(h1) < 3 or fold(h1) in site_keys:
            continue
        if not pool or _content_words(h1) & others:
            return Candidate(h1, "h1")
    if not pool:
        return None
    order = {"jsonld": 0, "opengraph": 1, "twitter": 2, "meta": 3, "title": 4}
    ranked = sorted(range(len(pool)), key=lambda i: (-keys.count(keys[i]), order.get(pool[i].source, 5), i))
    return pool[ranked[0]]


def _strip_html_title(title: str, sites: list[str], host: str | None, others: list[str]) -> str:
    stripped = strip_site_name(title, sites, host)
    if stripped != title:
        return stripped
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
    _read_elements(tree, meta, url)
    _read_times(tree, meta)
    _read_bylines(tree, meta)
    return meta
