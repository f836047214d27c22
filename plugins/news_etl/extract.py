"""RawDocument -> Article: decoding, trafilatura on HTML, cleaning, metadata; failures as values."""

from __future__ import annotations

import codecs
import contextlib
import functools
import re
import signal
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from news_etl import __version__
from news_etl.clean import clean_text
from news_etl.fields import access_status, reading_time, resolve_fields
from news_etl.htmlmeta import TEASER_MARKERS, PageMeta, read_page
from news_etl.metadata import (
    content_hash,
    derive_headline,
    detect_language,
    find_dateline,
    normalize_language,
    text_decides_language,
    word_count,
    word_runs,
)
from news_etl.records import Article, Failure, RawDocument
from news_etl.urls import normalize_url, url_host

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.-]+)""")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


class ExtractionError(Exception):
    """A document that cannot become an article; `stage` and `error_class` go to the failure row."""

    def __init__(self, stage: str, error_class: str, message: str) -> None:
        super().__init__(message)
        self.stage = stage
        self.error_class = error_class


def extractor_version() -> str:
    """What extracted a row. trafilatura's version is read from its installed metadata, not its module: the
    planning task (`start_run`) needs the string but not trafilatura, whose import costs it 0.13 s."""
    from importlib.metadata import version

    return f"news_etl {__version__} / trafilatura {version('trafilatura')}"


# Single-byte charsets (Latin-1 and the other ISO 8859 parts, Windows code pages, KOI8, Mac, ASCII). Text in
# one of them with bytes above 127 is practically never also valid UTF-8 (each lead byte 0xC2-0xF4 would have
# to be followed by exactly the right number of bytes 0x80-0xBF, everywhere in the page), so bytes that
# are valid UTF-8 are UTF-8, whatever such a declaration says.
_SINGLE_BYTE = ("iso8859-", "cp125", "cp437", "cp850", "ascii", "koi8", "mac-", "tis-620")  # codecs.lookup() names


def decode(content: bytes, declared: str | None = None) -> str:
    """Bytes -> text, strictly: a BOM, then the declared charset (HTTP header, <meta>, XML declaration),
    then UTF-8. Undeclared bytes that are not UTF-8 are an error, not a guess: guessing turns Latin-1 into
    mojibake that then loads silently. The one exception runs the other way: bytes that are valid UTF-8
    under a single-byte declaration are UTF-8 (a re-saved page, a server's ISO-8859-1 default), where the
    declaration would turn every accent into mojibake."""
    if not content.strip():
        raise ExtractionError("read", "EmptyDocument", "the document is empty")
    head = content[:8192]
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ExtractionError("decode", "BinaryContent", "the document holds NUL bytes: binary, not text")
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            try:
                return content.decode(encoding, errors="strict")
            except UnicodeDecodeError as exc:
                raise ExtractionError("decode", "UnicodeDecodeError",
                                      f"bytes do not match their {encoding} byte-order mark: {exc.reason} "
                                      f"at byte {exc.start}") from exc
    if declared is None:
        match = _CHARSET.search(head) or _XML_ENCODING.search(head)
        declared = match.group(1).decode("ascii") if match else None
    if declared:
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            codec = "utf-8"
        if codec.startswith(_SINGLE_BYTE) and not content.isascii():
            try:  # a UTF-8 page under a legacy declaration (a re-saved file, a server's default charset)
                return content.decode("utf-8")
            except UnicodeDecodeError:
                pass
        try:
            return content.decode(codec)
        except UnicodeDecodeError as exc:
            raise ExtractionError(
                "decode", "UnicodeDecodeError",
                f"bytes do not match the declared charset {declared}: {exc.reason} at byte {exc.start}") from exc
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ExtractionError(
            "decode", "UnicodeDecodeError",
            f"not valid UTF-8 and no charset declared (byte 0x{content[exc.start]:02x} at offset {exc.start}); "
            "re-encode as UTF-8 or declare the charset") from exc


def decode_document(raw: RawDocument) -> str:
    """The transport's charset first (as browsers do); when the header lies, the page's own declaration
    or strict UTF-8 decides."""
    if raw.charset:
        try:
            return decode(raw.content, declared=raw.charset)
        except ExtractionError as exc:
            if exc.error_class != "UnicodeDecodeError":
                raise
    return decode(raw.content)


# C0 control characters other than tab, newline, form feed and carriage return
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _control_ratio(text: str) -> float:
    sample = text[:4096]
    return len(_CONTROL.findall(sample)) / max(1, len(sample))


class _Expired(BaseException):
    """Raised by the alarm. A BaseException, so that libraries which catch Exception (trafilatura's and
    htmldate's fallbacks do) cannot swallow it and keep working past the limit."""


# After the limit, the alarm fires again at this interval until the block has really stopped.
_REARM_S = 0.25


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ExtractionError when the block runs longer than `seconds` (trafilatura has no time limit).

    Uses SIGALRM, so it applies in a process's main thread (CLI, Airflow task processes); elsewhere the
    block runs unbounded rather than failing. A signal is handled between Python bytecodes, so one long
    call into C (lxml) can overrun the limit by its own duration.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _expire(signum: int, frame: Any) -> None:
        raise _Expired

    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, _REARM_S)
    try:
        yield
    except _Expired:
        raise ExtractionError("extract", "Timeout", f"extraction took longer than {seconds:g} s") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# Webflow's rich-text block (`w-richtext`, the article body of every Webflow site) and its HTML Embed element
# (`w-embed`), which authors put in that body for what the editor cannot make: tables above all. trafilatura
# discards every element whose class holds "embed" (share and social widgets).
_WEBFLOW_EMBED = ('//*[contains(concat(" ", normalize-space(@class), " "), " w-richtext ")]'
                  '//*[contains(concat(" ", normalize-space(@class), " "), " w-embed ")]')


def _unmark_embeds(tree: Any, html: str) -> None:
    """An HTML Embed inside a Webflow article body is part of the article: its `w-embed` class is dropped, so
    that trafilatura keeps it (tables of data, mostly; the class is Webflow's own name, not a widget's)."""
    if "w-embed" not in html or "w-richtext" not in html:
        return
    for element in tree.xpath(_WEBFLOW_EMBED):
        element.set("class", " ".join(token for token in element.get("class", "").split() if token != "w-embed"))


# When trafilatura's text is this small a share of the HTML, the page is checked for an article body it discarded
# whole because of a class, id or style (a theme that names its post container "page-footer", splits it into
# Statamic "bard" blocks, or hides it until a script runs): an element matched by trafilatura's own discard rules,
# or several with the same marks, that holds at least half of the page's paragraph words, and this many, of which
# less than half reached the text. Such elements lose the marks that matched and trafilatura runs again. A consent
# or modal box that long is left alone, and so are related stories, comments and sidebars: a short article beside
# a long list of teasers is a common page, and the list is not the article.
_THIN_TEXT_SHARE = 0.02
_DOMINANT_SHARE = 0.5
_DOMINANT_MIN_WORDS = 300
_DOMINANT_MARKS = ("class", "id", "style", "role", "hidden", "aria-hidden")
_NOT_ARTICLE = re.compile("|".join((*TEASER_MARKERS, "relat", "popular", "more-", "stories", "outbrain", "taboola",
                                     "newsletter", "cookie", "consent", "gdpr", "privacy", "modal", "popup", "dialog")),
                          re.IGNORECASE)


def _unmark_dominant(tree: Any, html: str, text: str) -> bool:
    """Whether an element holding most of the page's paragraphs, discarded by trafilatura for its marks, was
    unmarked (see _THIN_TEXT_SHARE); trafilatura's text is then to be made again."""
    if len(text) >= _THIN_TEXT_SHARE * len(html):
        return False
    page = _paragraph_words([tree])
    page_words = sum(page.values())
    kept = Counter(_WORD_RE.findall(text.lower()))
    # such elements leave out of the text over half of their words: over a quarter of the page's, and 150 at least
    # (a cheap test first; trafilatura's discard rules are costly XPath)
    if sum((page - kept).values()) < max(_DOMINANT_MIN_WORDS, _DOMINANT_SHARE * page_words) / 2:
        return False
    from trafilatura.xpaths import OVERALL_DISCARD_XPATH

    matched = {element for xpath in OVERALL_DISCARD_XPATH for element in xpath(tree)}
    # the outermost only (unmarking them is what lets their content through), in document order, grouped by their
    # marks: a theme may split the article into blocks of one class, each too short alone
    groups: dict[tuple[str, ...], list[Any]] = {}
    stack = [tree]
    while stack:
        element = stack.pop()
        if element in matched:
            groups.setdefault(tuple(element.get(name, "") for name in _DOMINANT_MARKS), []).append(element)
        else:
            stack.extend(reversed(element))  # not below a matched element: the walk is linear in the page
    unmarked = False
    for marks, elements in groups.items():
        own = _paragraph_words(elements)
        words = sum(own.values())
        if words < max(_DOMINANT_MIN_WORDS, _DOMINANT_SHARE * page_words) or _NOT_ARTICLE.search(" ".join(marks)):
            continue
        if sum((own & kept).values()) * 2 >= words:
            continue  # trafilatura found it through another element
        for element in elements:
            for name in _DOMINANT_MARKS:
                element.attrib.pop(name, None)
        unmarked = True
    return unmarked


def _paragraph_words(elements: Iterable[Any]) -> Counter[str]:
    """The words (lower-cased \\w+ tokens) of the paragraphs in these elements."""
    return Counter(_WORD_RE.findall(" ".join("".join(p.itertext()) for element in elements
                                             for p in element.iter("p")).lower()))


def _from_html(tree: Any, url: str | None) -> dict[str, Any]:
    """trafilatura's main text of a parsed page (it copies the tree), with our own metadata done apart."""
    import trafilatura

    found = trafilatura.bare_extraction(tree, url=url, with_metadata=False, include_comments=False)
    return {"text": _document_text(found)}


def _document_text(found: Any) -> str:
    """The text of what bare_extraction returned (a Document, or None when it found nothing), one paragraph a line.

    Lines holding only spaces or tabs (recall mode keeps the indentation of a page's source) are dropped: to the
    cleaning they would be blank lines, which mark paragraphs in plain text, and the lines between two of them
    would be read as one paragraph, too long for any rule.
    """
    text = getattr(found, "text", None)
    if not isinstance(text, str):
        return ""
    if not _SPACE_AFTER_NEWLINE.search(text):
        return text
    return "\n".join(line for line in text.split("\n") if line.strip())


# How a line of nothing but whitespace starts, after the newline before it (the text is trimmed at its ends).
_SPACE_AFTER_NEWLINE = re.compile(r"\n\s")


def extract(raw: RawDocument, timeout_s: float = 20.0) -> Article | Failure:
    """Turn one input into an Article, or a Failure saying at which stage and why."""
    try:
        with time_limit(timeout_s):
            return _extract(raw)
    except ExtractionError as exc:
        return Failure(raw.locator, raw.source_name, exc.stage, exc.error_class, str(exc), raw.sha256)
    except _Expired:  # the alarm re-fired while the time limit was being lifted
        return Failure(raw.locator, raw.source_name, "extract", "Timeout",
                       f"extraction took longer than {timeout_s:g} s", raw.sha256)
    except RecursionError:
        return Failure(raw.locator, raw.source_name, "parse", "RecursionError", "document nested too deeply to parse",
                       raw.sha256)


def _extract(raw: RawDocument) -> Article:
    hints = raw.hints
    if raw.kind == "record":
        assert raw.body is not None
        body, body_kind = raw.body, raw.body_kind or "text"
    else:
        body, body_kind = decode_document(raw), raw.kind
    if _control_ratio(body) > 0.05:
        raise ExtractionError("decode", "BinaryContent", "the document is mostly control characters: binary, not text")
    if body_kind == "html" and not _TAG.search(body):
        body_kind = "text"  # an .html input (or a text/html response) without a single tag is plain text
    if body_kind == "html":
        return _article_from_html(raw, body)
    lang_hint = hints.language
    fields = resolve_fields(hints, None, raw.url, None)
    text = clean_text(body, lang_hint, authors=fields.get("authors") or ()).text.replace("\x00", "")
    if not text.strip():
        raise ExtractionError("extract", "NoContent", "no article text found in the document")
    return _assemble(raw, text, "plain_text", fields, lang_hint, "ok")


# A start tag holding more attributes than this is not a page but an attack on the parser: libxml2 checks
# each new attribute against the tag's others, so 30,000 of them take seconds inside one C call, where the
# time limit's signal cannot stop it. Tags long enough to hold that many are looked at (one linear scan);
# a long tag of few attributes (an inline data: image) passes.
_MAX_TAG_ATTRIBUTES = 2000
_LONG_TAG = re.compile(r"<[A-Za-z][^<>]{20000,}>")
_ATTRIBUTE = re.compile(r"""\s[^\s=<>"'/]+\s*=""")


def _check_tags(html: str) -> None:
    for tag in _LONG_TAG.finditer(html):
        attributes = sum(1 for _ in _ATTRIBUTE.finditer(tag.group()))
        if attributes > _MAX_TAG_ATTRIBUTES:
            raise ExtractionError("parse", "TooManyAttributes",
                                  f"a <{tag.group()[1:20].split()[0]}> tag has {attributes:,} attributes "
                                  f"(over {_MAX_TAG_ATTRIBUTES:,}): not parsed")


@functools.cache
def _html_parser() -> Any:
    """trafilatura's HTML parser settings, with element classes chosen in C.

    lxml.html's own parsers pick each element's class (FormElement, InputElement, ...) in a Python callback,
    once for every element object made: over 3,000 calls a page as trafilatura and our reading walk the tree,
    about 5% of an extraction. Every element here is an HtmlElement (the same methods; the form classes' extras
    are used by neither), and the outputs are byte-identical.
    """
    from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs
    from lxml.html import (  # type: ignore[import-untyped]
        HtmlComment,
        HtmlElement,
        HtmlEntity,
        HtmlProcessingInstruction,
    )

    parser = etree.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                              remove_pis=True)
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))
    return parser


def parse_html(html: str) -> Any:
    """A decoded page as trafilatura's `load_html` parses it (same repairs, same fallbacks, same rejection of
    a tree too small to be a page), with `_html_parser`; None when it is not HTML."""
    from lxml.html import fromstring
    from trafilatura.utils import is_dubious_html

    beginning = html[:50].lower()
    html = _repair_html(html, beginning)
    tree, tried_bytes = None, False
    try:
        tree = fromstring(html, parser=_html_parser())
    except ValueError:  # a Unicode string with an encoding declaration: give lxml the bytes
        tree, tried_bytes = _parse_bytes(html), True
    except Exception:  # as load_html: a tree lxml cannot make is no tree (it then tries the bytes)
        tree = None
    if (tree is None or len(tree) < 1) and not tried_bytes:
        tree = _parse_bytes(html)
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        return None
    return tree


# The characters trafilatura's INVALID_XML_CHARS removes before parsing (libxml2 would stop at them).
_XML_INVALID = (*map(chr, (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))), "\ufffe", "\uffff")


def _repair_html(html: str, beginning: str) -> str:
    """trafilatura's repair_faulty_html, whose first step (a regex removing characters XML forbids) scans the
    whole page: str's own search finds there are none (nearly always) in a third of the time, and then only
    the two repairs of the first lines are made, with trafilatura's own patterns."""
    from trafilatura.utils import DOCTYPE_TAG, FAULTY_HTML, repair_faulty_html

    html = _reopen_body(html)
    if any(char in html for char in _XML_INVALID):
        return str(repair_faulty_html(html, beginning))
    if "doctype" in beginning:
        firstline, _, rest = html.partition("\n")
        html = DOCTYPE_TAG.sub("", firstline, count=1) + "\n" + rest
    for line in html[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            return str(FAULTY_HTML.sub(r"\1>", html, count=1))
    return html


# An end tag that closes the whole page, and a start tag (an element that may follow it).
_DOCUMENT_END = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)
_START_TAG = re.compile(r"<[A-Za-z]")


def _reopen_body(html: str) -> str:
    """The page without its `</body>` and `</html>` end tags when elements follow the first of them.

    A browser puts whatever follows those end tags back into the body (HTML's "after body" insertion modes);
    libxml2 drops everything after `</html>`, and leaves what follows `</body>` outside the body. A theme that
    closes the document at the end of its header template and carries on with the article lost the article
    so. Without the end tags libxml2 closes the page at the end of the text, as a browser does.
    """
    end = _DOCUMENT_END.search(html)
    if end is None or not _START_TAG.search(html, end.end()):
        return html
    return _DOCUMENT_END.sub("", html)


def _parse_bytes(html: str) -> Any:
    from lxml.html import fromstring

    try:
        return fromstring(html.encode("utf8", "surrogatepass"), parser=_html_parser())
    except Exception:
        return None


# A start tag, an end tag, a comment or a doctype: what makes a text HTML at all.
_TAG = re.compile(r"<[A-Za-z!/?]")
_FIRST_TAG = re.compile(r"<([A-Za-z][\w:-]*)|<\?")


def _parse_fragment(html: str, first: re.Match[str] | None) -> Any:
    """A part of a page without <html> ("<div><p>...</p></div>", as CMS exports and scraper records hold):
    trafilatura's loader rejects such a small tree as not being a page; here it is lxml's tree of it, when the
    text opens with an HTML element (`first`: its first tag; not an XML declaration, nor an RSS feed or a sitemap
    saved as .html)."""
    from lxml.html.defs import tags  # type: ignore[import-untyped]

    if first is None or (first.group(1) or "?").lower() not in tags:
        return None
    return _parse_bytes(_repair_html(html, html[:50].lower()))


def _article_from_html(raw: RawDocument, html: str) -> Article:
    _check_tags(html)
    tree = parse_html(html)
    first = _FIRST_TAG.search(html) if tree is None else None
    if tree is None:
        tree = _parse_fragment(html, first)
    if tree is None:
        opening = f": it opens with <{first.group(1) or '?xml'}>" if first else ""
        raise ExtractionError("parse", "HTMLParseError", f"the HTML could not be parsed into a tree{opening}")
    page = read_page(tree, raw.url)
    lang_hint = raw.hints.language or normalize_language(page.lang)
    # Our metadata is read first: trafilatura copies the tree, so nothing it prunes is lost to us.
    fields = resolve_fields(raw.hints, page, raw.url, tree)
    url = raw.url or fields.get("url")
    _unmark_embeds(tree, html)
    found = _from_html(tree, url)["text"]
    if _unmark_dominant(tree, html, found):
        found = _from_html(tree, url)["text"]
    headings = _Headings(tree)
    authors = fields.get("authors") or ()
    text, method = clean_text(found, lang_hint, headings, authors).text, "trafilatura"
    runs = word_runs(text)  # the unit of the thresholds below; the stored word_count is made at the end
    if runs < _RECALL_CHECK_WORDS or _skipped_beside(tree, found, runs):
        text, method, runs = _better_text(tree, url, page, text, runs, method, lang_hint, headings, authors)
    text, method, runs = _declared_body(page, text, method, runs, lang_hint, authors)
    if "\x00" in text:
        text = text.replace("\x00", "")
        runs = word_runs(text)
    words = word_count(text, runs)
    status = access_status(text, page, html, words)
    if not text.strip():
        detail = "" if status in ("ok", "empty") else f" ({status.replace('_', ' ')})"
        raise ExtractionError("extract", "NoContent", f"no article text found in the document{detail}")
    return _assemble(raw, text, method, fields, lang_hint, status, words)


# Below this many words trafilatura's text is treated as a miss and every fallback is tried.
_MIN_WORDS = 25
# Below this many words, trafilatura's recall mode is also run: on pages split into many sections its
# default mode often keeps only some of them. Longer texts are rarely truncated, and the second pass costs
# a full extraction, so it is skipped for them (throughput is measured in bench/extraction_quality.py).
# Also running it when the page holds 1.25x more prose outside links and page furniture than was extracted
# gained 0.0025 word-F1 on the WCXB dev set for 7% of throughput there (and a second extraction on half the
# generated benchmark pages, whose comments and teasers are prose): not kept.
_RECALL_CHECK_WORDS = 800
# The recall text replaces the default one only when it is clearly longer (by a share and by a number of
# words: on a short article recall mode mostly adds the newsletter box and the footer).
_RECALL_GAIN = 1 / 0.9
_RECALL_MIN_EXTRA = 80


# Lists, tables and headings that sit beside the paragraphs trafilatura kept, but are missing from its text
# (its default mode's last-resort pass recovers paragraphs only), make it run its recall mode, which keeps them:
# when they hold this many words, and this share of the text.
_BESIDE_TAGS = ("ul", "ol", "dl", "table", "h2", "h3", "h4")
_BESIDE_MIN_WORDS = 40
_BESIDE_SHARE = 0.05


def _skipped_beside(tree: Any, text: str, text_words: int) -> bool:
    """Whether trafilatura's text leaves out lists, tables or headings whose sibling paragraphs it kept."""
    siblings: dict[Any, list[Any]] = {}
    for element in tree.iter(_BESIDE_TAGS):
        siblings.setdefault(element.getparent(), []).append(element)
    tokens = None
    missing = 0
    for parent, elements in siblings.items():
        # trafilatura's text holds a paragraph as one line, its words one space apart
        paragraphs = (" ".join(_words_of(p)) for p in parent.iterchildren("p"))
        if not any(len(kept) >= 40 and kept in text for kept in paragraphs):
            continue
        for element in elements:
            words = _words_of(element)
            if not words or " ".join(words)[:50] in text:
                continue
            # the text writes list items and table cells apart ("| Pros | Cons |"), the element's text runs
            # them together: compare the first words only
            tokens = " ".join(_WORD_RE.findall(text)) if tokens is None else tokens
            if " ".join(_WORD_RE.findall(" ".join(element.itertext()), 0, 200)[:8]) in tokens:
                continue
            linked = sum(len(_words_of(link)) for link in element.iter("a"))
            missing += len(words) if linked * 2 < len(words) else 0  # not a menu or teaser list
    return missing >= max(_BESIDE_MIN_WORDS, _BESIDE_SHARE * text_words)


class _Headings:
    """The page's headings (h1-h6), whitespace collapsed as trafilatura writes each on a line of its text; read
    from the tree on the first question only (the cleaning asks about paragraphs in capitals alone)."""

    def __init__(self, tree: Any) -> None:
        self._tree: Any = tree
        self._texts: frozenset[str] | None = None

    def __contains__(self, paragraph: object) -> bool:
        if self._texts is None:
            self._texts = frozenset(" ".join("".join(h.itertext()).split())
                                    for h in self._tree.iter("h1", "h2", "h3", "h4", "h5", "h6"))
        return paragraph in self._texts


def _words_of(element: Any) -> list[str]:
    return "".join(element.itertext()).split()


def _better_text(tree: Any, url: str | None, page: PageMeta, text: str, words: int, method: str,
                 lang_hint: str | None, headings: _Headings, authors: Sequence[str]) -> tuple[str, str, int]:
    """trafilatura's recall mode when it finds clearly more; and when nothing much was found at all, the
    JSON-LD articleBody, then trafilatura's baseline. The method says which, so a row never hides how its
    text was made."""
    import trafilatura

    recall = trafilatura.bare_extraction(tree, url=url, with_metadata=False, include_comments=False,
                                         favor_recall=True)
    if _document_text(recall):
        recall_text = clean_text(_document_text(recall), lang_hint, headings, authors).text
        recall_words = word_runs(recall_text)
        gained = recall_words - words
        if gained > words * (_RECALL_GAIN - 1) and (gained >= _RECALL_MIN_EXTRA or words < _MIN_WORDS):
            text, method, words = recall_text, "trafilatura_recall", recall_words
    if words >= _MIN_WORDS:
        return text, method, words
    options: list[tuple[str, str, int]] = [(text, method, words)]
    if page.article_body:
        body = clean_text(page.article_body, lang_hint, authors=authors).text
        options.append((body, "jsonld_article_body", word_runs(body)))
    if all(n < _MIN_WORDS for _t, _m, n in options):
        _body, base_text, _length = trafilatura.baseline(tree)
        if base_text:
            base = clean_text(base_text, lang_hint, headings, authors).text
            options.append((base, "baseline", word_runs(base)))
    return max(options, key=lambda option: option[2])


_WORD_RE = re.compile(r"\w+")


# The JSON-LD articleBody replaces the extracted text when it is this much longer and holds nearly all of the
# extracted words: the extraction found one part of an article the publisher declares in full.
_DECLARED_GAIN = 1.5
_DECLARED_COVER = 0.8


def _declared_body(page: PageMeta, text: str, method: str, words: int,
                   lang_hint: str | None, authors: Sequence[str]) -> tuple[str, str, int]:
    """The publisher's own articleBody when the extracted text is a fragment of it. Only then: a longer
    articleBody that does not contain the extracted text is another item's (a teaser, a listing's first entry)
    and one that is not clearly longer adds nothing but its lost paragraph breaks."""
    if not page.article_body or word_runs(page.article_body) < words * _DECLARED_GAIN:
        return text, method, words  # cleaning only removes words: not clearly longer before, nor after it
    body = clean_text(page.article_body, lang_hint, authors=authors).text
    ours, declared = Counter(_WORD_RE.findall(text.lower())), Counter(_WORD_RE.findall(body.lower()))
    total, declared_total = sum(ours.values()), sum(declared.values())
    if not total or declared_total < total * _DECLARED_GAIN:
        return text, method, words
    if sum((ours & declared).values()) < total * _DECLARED_COVER:
        return text, method, words
    return body, "jsonld_article_body", word_runs(body)


def _assemble(raw: RawDocument, text: str, method: str, fields: dict[str, Any], lang_hint: str | None,
              status: str, words: int | None = None) -> Article:
    """The Article row from the chosen text and the resolved fields (`words`: the text's word_count, when
    the caller has it)."""
    provenance: dict[str, str] = dict(fields["provenance"])
    url = fields.get("url")
    chash = content_hash(text)
    title = fields.get("title")
    title_derived = False
    if title is None:
        title = derive_headline(text)
        title_derived = title is not None
        if title_derived:
            provenance["title"] = "derived:first_sentence"
    decides = text_decides_language(text)
    language = detect_language(text, lang_hint, decides)
    if language:
        provenance["language"] = "text" if decides else "hint"
    dateline = find_dateline(text)
    if dateline:
        provenance["dateline"] = "text"
    words = word_count(text) if words is None else words
    provenance["word_count"] = provenance["reading_time_min"] = "text"
    provenance["access_status"] = "derived"
    provenance["extraction_method"] = method
    return Article(
        locator=raw.locator,
        source_name=url_host(url) or raw.source_name,
        document_sha256=raw.sha256,
        url=url,
        url_key=(normalize_url(url) if url else None) or f"sha256:{chash}",
        title=title,
        title_derived=title_derived,
        authors=fields.get("authors", ()),
        published_at=fields.get("published_at"),
        language=language,
        site_name=fields.get("site_name"),
        description=fields.get("description"),
        dateline=dateline,
        text=text,
        word_count=words,
        content_hash=chash,
        extraction_method=method,
        provenance=dict(sorted(provenance.items())),
        published_precision=fields.get("published_precision"),
        modified_at=fields.get("modified_at"),
        canonical_url=fields.get("canonical_url"),
        image=fields.get("image"),
        tags=fields.get("tags", ()),
        categories=fields.get("categories", ()),
        keywords=fields.get("keywords", ()),
        license=fields.get("license"),
        reading_time_min=reading_time(words),
        access_status=status,
    )
