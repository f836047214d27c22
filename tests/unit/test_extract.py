"""The pure stages (read -> extract) on the committed seeds and bad fixtures: no database."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from news_etl import __version__
from news_etl.clean import clean_text
from news_etl.extract import _document_text, _from_html, _skipped_beside, decode, extract, extractor_version, parse_html
from news_etl.pipeline import extract_inputs
from news_etl.records import Article, Failure, RawDocument
from news_etl.sources import list_inputs, read_input

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
BAD = ROOT / "tests" / "fixtures" / "bad"


def test_extractor_version_names_both_versions() -> None:
    import trafilatura

    assert extractor_version() == f"news_etl {__version__} / trafilatura {trafilatura.__version__}"


def outcomes(path: Path) -> dict[str, Article | Failure]:
    return {outcome.locator.split("/")[-1]: outcome for _raw, outcome in extract_inputs(list_inputs([path]))}


def test_seed_text_is_cleaned_and_french() -> None:
    art = outcomes(SEEDS / "fr_japon_otan_bureau_liaison.txt")["fr_japon_otan_bureau_liaison.txt"]
    assert isinstance(art, Article)
    assert art.language == "fr"
    assert art.dateline == "TOKYO"
    assert "CLIQUEZ ICI" not in art.text
    for teaser in ("L’OTAN APPELLE LE JAPON", "LES ÉTATS-UNIS, LE JAPON ET L’AUSTRALIE", "L’AUGMENTATION DU BUDGET"):
        assert teaser not in art.text
    assert art.text.count("«") >= 10  # quotations intact
    assert art.title_derived and art.provenance["title"] == "derived:first_sentence"
    assert art.authors == ()  # "Fox News Digital" is an outlet quoted in the text, not a byline
    assert art.url is None and art.url_key == f"sha256:{art.content_hash}"


# (file, language, title start, authors, published day)
SEED_TABLE = [
    ("en_harbourside_port_expansion.html", "en", "Harbour board approves", ("Margaret Okafor", "Daniel Whitcombe"),
     "2024-09-18"),
    ("en_northfield_bike_lanes_vote.html", "en", "Northfield council votes 5-4", ("Samuel Ortega",), "2024-05-07"),
    ("fr_lyon_vendanges_beaujolais.html", "fr", "Beaujolais", ("Claire Dumont",), "2024-09-10"),
    ("de_rheinblick_warnstreik_bahn.htm", "de", "Warnstreik legt", ("Katrin Vogelsang",), "2024-11-12"),
    ("de_rheinblick_derby_tus_eifelhoehe.html.gz", "de", "Last-Minute-Tor", ("Jonas Brückner",), "2024-10-06"),
    ("es_diario_ebro_cocodrilo_mioceno.html", "es", "Paleontólogos aragoneses", ("Lucía Martín Ferrer",),
     "2024-04-03"),  # byline-only author and date; bare trafilatura takes a related link's URL date
]


@pytest.mark.parametrize(("name", "lang", "title", "authors", "day"), SEED_TABLE)
def test_html_seeds(name: str, lang: str, title: str, authors: tuple[str, ...], day: str | None) -> None:
    art = outcomes(SEEDS / "html" / name)[name]
    assert isinstance(art, Article), art
    assert art.language == lang
    assert art.title is not None and art.title.startswith(title) and not art.title_derived
    assert art.authors == authors
    assert (art.published_at or "")[:10] == (day or "")
    assert art.extraction_method == "trafilatura"
    assert art.word_count > 150
    assert art.url is not None and art.url_key.startswith("https://")


def test_records_carry_their_hints_and_share_a_key_with_the_page() -> None:
    found = outcomes(SEEDS / "records")
    assert {k for k in found} == {"scraper_export_2024_batch.json#0", "scraper_export_2024_batch.json#1",
                                  "scraper_export_2024_stream.jsonl#L1", "scraper_export_2024_stream.jsonl#L2",
                                  "scraper_export_2024_stream.jsonl#L3"}
    assert all(isinstance(a, Article) for a in found.values())
    page = outcomes(SEEDS / "html" / "en_harbourside_port_expansion.html")["en_harbourside_port_expansion.html"]
    tracked = found["scraper_export_2024_stream.jsonl#L2"]
    assert isinstance(page, Article) and isinstance(tracked, Article)
    assert tracked.url is not None and "utm_source" in tracked.url
    assert tracked.url_key == page.url_key  # tracking parameters do not make a second article


@pytest.mark.parametrize(
    ("name", "stage", "error_class"),
    [
        ("empty.html", "read", "EmptyDocument"),
        ("binary.html", "decode", "BinaryContent"),
        ("truncated.html.gz", "read", "TruncatedGzip"),
        ("latin1.txt", "decode", "UnicodeDecodeError"),
        ("not_json.json", "parse", "JSONDecodeError"),
        ("truncated.jsonl#L2", "parse", "JSONDecodeError"),
    ],
)
def test_bad_inputs_become_failures_with_reasons(name: str, stage: str, error_class: str) -> None:
    failure = outcomes(BAD)[name]
    assert isinstance(failure, Failure)
    assert (failure.stage, failure.error_class) == (stage, error_class)
    assert failure.message


@pytest.mark.parametrize(
    ("controls", "binary"),
    [
        ("\x01\x02\x1b\x7f\x0b", True),  # C0 controls (one character in eight here) mark binary content
        ("\t\n\r\x0c", False),  # tabs, newlines, carriage returns and form feeds are text
    ],
)
def test_text_full_of_control_characters_is_binary(controls: str, binary: bool) -> None:
    body = "The harbour board approved the expansion on Tuesday. " + "word " * 10
    text = "".join(f"{word} {controls[i % len(controls)]}" for i, word in enumerate(body.split() * 20))
    outcome = extract(RawDocument("mixed.txt", "text", text.encode("utf-8"), "files:test"))
    assert isinstance(outcome, Failure) == binary
    if binary:
        assert isinstance(outcome, Failure) and outcome.error_class == "BinaryContent"


def test_html_inputs_that_are_not_whole_pages() -> None:
    one, two = (" ".join(f"The harbour board approved part {part}{i} of the plan on day {i}." for i in range(8))
                for part in "ab")  # 12 words a sentence, 192 in all
    # a file named .html with no markup at all is plain text, paragraphs and all
    plain = extract(RawDocument("story.html", "html", f"{one}\n\n{two}".encode(), "files:test"))
    assert isinstance(plain, Article) and plain.extraction_method == "plain_text" and plain.word_count == 192
    assert plain.text == f"{one}\n\n{two}"
    # a fragment without <html> (a CMS export, a scraper's saved body): trafilatura's loader rejects it as
    # too small a tree to be a page; it is an article
    for fragment in (f"<div><p>{one}</p><p>{two}</p></div>",
                     f"<!-- saved --><article><h2>Port</h2><p>{one}</p><p>{two}</p></article>"):
        article = extract(RawDocument("body.html", "html", fragment.encode(), "files:test"))
        assert isinstance(article, Article) and article.word_count >= 192 and two in article.text, fragment[:30]
    # an RSS feed or any XML saved as .html is not a page, and its failure says what it opens with
    for xml, opening in (('<?xml version="1.0"?><rss><channel><item><title>Port</title></item></channel></rss>',
                          "<?xml>"), ("<rss><channel><item><title>Port</title></item></channel></rss>", "<rss>")):
        failure = extract(RawDocument("feed.html", "html", xml.encode(), "files:test"))
        assert isinstance(failure, Failure) and (failure.stage, failure.error_class) == ("parse", "HTMLParseError")
        assert failure.message.endswith(f"it opens with {opening}")
    empty = extract(RawDocument("empty.html", "html", b"<div>  </div>", "files:test"))
    assert isinstance(empty, Failure) and empty.error_class == "NoContent"


def _harbour_page(between: str, wrapper: str = '<div class="post w-richtext">{}</div>') -> str:
    para = ("<p>The harbour board met on day {} and approved part {} of the expansion plan after a long debate "
            "about costs, dredging and the new container terminal near the old pier.</p>")
    body = "".join(para.format(i, i) for i in range(30)) + between + "".join(para.format(i, i) for i in range(30, 60))
    return (f"<html><head><title>Harbour</title></head><body><nav><ul><li><a href='/'>Home</a></li></ul></nav>"
            f"{wrapper.format(body)}<footer><p>Contact</p></footer></body></html>")


def test_a_list_left_out_beside_kept_paragraphs_brings_in_recall_mode() -> None:
    # trafilatura's default mode, when its main pass finds no frame for the text, recovers paragraphs only:
    # the steps list between them is lost; recall mode keeps it
    steps = "".join(f"<li><strong>Step {i}</strong>: the crews dredge section {i} of the channel, move the spoil "
                    "to the eastern basin and check the depth against the survey.</li>" for i in range(12))
    page = _harbour_page(f'<h3>How the work proceeds</h3><ul role="list">{steps}</ul>')
    default = _from_html(parse_html(page), None)["text"]
    assert "Step 3" not in default and "Step 0" not in default  # the loss this guards against
    article = extract(RawDocument("harbour.html", "html", page.encode(), "files:test"))
    assert isinstance(article, Article) and article.extraction_method == "trafilatura_recall"
    assert "- Step 3: the crews dredge section 3" in article.text and "- Step 11: the crews" in article.text
    # a frame trafilatura finds keeps its list in default mode, and nothing more is run
    kept = extract(RawDocument("harbour.html", "html", _harbour_page(f"<ul>{steps}</ul>", "<main>{}</main>").encode(),
                               "files:test"))
    assert isinstance(kept, Article) and kept.extraction_method == "trafilatura" and "Step 3" in kept.text


def test_a_table_in_a_webflow_embed_is_part_of_the_article() -> None:
    # Webflow's rich-text body (w-richtext) holds tables as HTML Embed elements (w-embed), which trafilatura
    # discards as share widgets ("embed"); an embed outside the body (a sign-up form) stays out
    rows = "".join(f"<tr><td>Berth {i}</td><td>{300 + i} m</td><td>dredged to {14 + i % 3} m</td></tr>"
                   for i in range(12))
    table = f'<div class="w-embed"><table><tr><th>Berth</th><th>Length</th><th>Depth</th></tr>{rows}</table></div>'
    form = ('<div class="w-embed"><p>Get the harbour newsletter every Friday morning, free, with all the port news.'
            "</p></div>")
    page = _harbour_page(table, '<div class="post w-richtext">{}</div>' + form)
    article = extract(RawDocument("harbour.html", "html", page.encode(), "files:test"))
    assert isinstance(article, Article) and "| Berth 7 | 307 m | dredged to 15 m |" in article.text
    assert "newsletter" not in article.text


def test_a_menu_beside_the_paragraphs_is_not_text_left_out() -> None:
    links = "".join(f"<li><a href='/harbour/{i}'>Harbour board news and the port's plans for section {i}</a></li>"
                    for i in range(40))  # 400 words, a fifth of the text's
    page = _harbour_page(f"<ul>{links}</ul>")
    tree = parse_html(page)
    default = _from_html(tree, None)["text"]
    assert "section 3" not in default and not _skipped_beside(tree, default, len(default.split()))


def test_a_heading_in_capitals_is_kept_and_a_linked_headline_in_capitals_is_not() -> None:
    # a section heading typed in capitals heads the text after it; another story's headline promoted inside the
    # body, in capitals, is a link
    heading = "<h2>WHY THE BOARD CHOSE THE EASTERN BASIN</h2>"
    promo = "<p><strong><a href='/other'>CITY COUNCIL VOTES TO CLOSE THE OLD FISH MARKET BY SPRING</a></strong></p>"
    page = _harbour_page(heading + promo, "<article>{}</article>")
    article = extract(RawDocument("harbour.html", "html", page.encode(), "files:test"))
    assert isinstance(article, Article)
    assert "WHY THE BOARD CHOSE THE EASTERN BASIN" in article.text and "FISH MARKET" not in article.text


def test_a_page_closed_before_its_article_keeps_the_article() -> None:
    # A theme's header template ends with </body></html> and the article follows: a browser shows it (it
    # reopens the body); libxml2 alone drops everything after </html>
    story = " ".join(f"The harbour board approved part {i} of the expansion plan on day {i}." for i in range(20))
    header = "<html><head><title>Harbour news</title></head><body><header><nav><a href='/'>Home</a></nav></header>"
    for close in ("</body></html>", "</BODY>\n</HTML>", "</body>"):
        page = f"{header}{close}<div class='post'><h1>Harbour plan approved</h1><p>{story}</p></div></body></html>"
        article = extract(RawDocument("late.html", "html", page.encode(), "files:test"))
        assert isinstance(article, Article) and story in article.text, close
        assert article.title == "Harbour plan approved", close


def test_the_good_line_of_a_truncated_jsonl_still_loads() -> None:
    assert isinstance(outcomes(BAD)["truncated.jsonl#L1"], Article)


def test_oversized_file_fails_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.html"
    big.write_bytes(b"<p>" + b"word " * 4000 + b"</p>")
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b" " * 50_000))
    for path in (big, bomb):
        [failure] = list(read_input(str(path), "files:t", max_bytes=10_000))
        assert isinstance(failure, Failure) and failure.error_class == "TooLarge"


def test_unsupported_file_named_explicitly_is_a_failure(tmp_path: Path) -> None:
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    [failure] = list(read_input(str(pdf), "files:t", max_bytes=1000))
    assert isinstance(failure, Failure) and failure.error_class == "UnsupportedFormat"


def test_declared_charset_is_honoured() -> None:
    html = '<html><head><meta charset="iso-8859-1"></head><body>été</body></html>'.encode("latin-1")
    assert "été" in decode(html)


@pytest.mark.parametrize("declared", ["iso-8859-15", "windows-1252", "us-ascii", "koi8-r"])
def test_utf8_bytes_under_a_single_byte_declaration_are_utf8(declared: str) -> None:
    """A page re-saved as UTF-8 that still declares Latin-9, or a server's ISO-8859-1 default: the
    declaration would make 'pasó' 'pasÃ³'."""
    body = "<body>Izaskun Lesaka pasó a la cúpula; Переговоры; 東京</body></html>"
    html = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={declared}">{body}'
    assert "pasó a la cúpula; Переговоры; 東京" in decode(html.encode("utf-8"))
    assert "pasó a la cúpula" in decode(f"<html><body>{body}".encode(), declared=declared)  # the transport's
    # bytes of a single-byte charset stay in it, and multi-byte declarations are left alone
    assert "pasó" in decode(html.replace("; Переговоры; 東京", "").encode("cp1252"), declared="windows-1252")
    assert decode("<p>東京</p>".encode(), declared="gbk") == "<p>東京</p>".encode().decode("gbk")


def test_extraction_time_limit_gives_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from news_etl import extract as extract_module

    [raw] = list(read_input(str(SEEDS / "html" / "en_northfield_bike_lanes_vote.html"), "files:t", 10**7))
    assert not isinstance(raw, Failure)
    monkeypatch.setattr(extract_module, "_from_html", lambda html, url: time.sleep(5))
    failure = extract(raw, timeout_s=0.2)
    assert isinstance(failure, Failure) and failure.error_class == "Timeout" and failure.stage == "extract"


def test_extraction_is_deterministic() -> None:
    first = [o.as_dict() for _r, o in extract_inputs(list_inputs([SEEDS]))]
    second = [o.as_dict() for _r, o in extract_inputs(list_inputs([SEEDS]))]
    assert first == second


@pytest.mark.parametrize("html", [
    "<html><head><title>T</title></head><body><form><input name=q></form><p>x</p></body></html>",
    '<?xml version="1.0" encoding="utf-8"?><html><body><p>déjà</p></body></html>',  # lxml wants bytes here
    "<!DOCTYPE html>\n<html/>\n<body><p>self-closed html tag</p></body>",
    "<div><p>a fragment</p><p>of two blocks</p></div>",
    "<p>one block, no html tag</p>",  # rejected as not a page, as load_html does
    "plain words without any markup",
    "",
])
def test_pages_parse_as_trafilatura_parses_them(html: str) -> None:
    from lxml.html import HtmlElement, tostring
    from trafilatura.utils import load_html

    ours, theirs = parse_html(html), load_html(html)
    assert (ours is None) == (theirs is None)
    if ours is not None:
        assert tostring(ours) == tostring(theirs)
        # every element is a plain HtmlElement: its class is not chosen by a Python callback per element
        assert {type(element) for element in ours.iter() if isinstance(element.tag, str)} == {HtmlElement}


def test_pages_are_repaired_as_trafilatura_repairs_them() -> None:
    import random

    from trafilatura.utils import repair_faulty_html

    from news_etl.extract import _repair_html

    pages = ["<!DOCTYPE html/>\n<html><body>x</body></html>", "<!doctype html>\n<html lang=en />\n<p>x</p>",
             "<html><body>a\x00b\x1fc\ufffe</body></html>", "\n\n<html/>\n<body>y</body>", ""]
    rng = random.Random(3)
    alphabet = list("<html/>! DOCTYPE\n\x00\x0b\x1f\ufffe\uffffab")
    pages += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(5_000)]
    for html in pages:
        assert _repair_html(html, html[:50].lower()) == repair_faulty_html(html, html[:50].lower()), repr(html)


def test_html_seeds_extract_as_with_trafilaturas_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    from trafilatura.utils import load_html

    ours = [o.as_dict() for _r, o in extract_inputs(list_inputs([SEEDS / "html"]))]
    monkeypatch.setattr("news_etl.extract.parse_html", load_html)
    theirs = [o.as_dict() for _r, o in extract_inputs(list_inputs([SEEDS / "html"]))]
    assert ours == theirs and len(ours) >= 5


def test_a_tag_with_thousands_of_attributes_is_refused_before_parsing() -> None:
    html = b"<html><body><p " + b" ".join(b'a%d="v"' % i for i in range(30_000)) + b">x</p></body></html>"
    result = extract(RawDocument("many.html", "html", html, "files:t"))
    assert isinstance(result, Failure)
    assert (result.stage, result.error_class) == ("parse", "TooManyAttributes")


def test_a_long_tag_with_few_attributes_is_parsed() -> None:
    image = b"QUJD" * 50_000
    html = (b'<html><body><article><p>The harbour authority approved the new quay on Monday after a long debate '
            b'that lasted well into the evening, officials said.</p><img alt="quay" src="data:image/png;base64,'
            + image + b'=="></article></body></html>')
    assert isinstance(extract(RawDocument("image.html", "html", html, "files:t")), Article)


_SENTENCES = [f"Paragraph {n} of the harbour report explains how the board weighed the costs of dredging."
              for n in range(1, 41)]


def _page_with_article_body(shown: list[str], declared: list[str]) -> bytes:
    import json

    ld = json.dumps({"@type": "NewsArticle", "headline": "Harbour report", "articleBody": "\n\n".join(declared)})
    paragraphs = "".join(f"<p>{p}</p>" for p in shown)
    return (f"<html><head><script type='application/ld+json'>{ld}</script></head><body><article>"
            f"<h1>Harbour report</h1>{paragraphs}</article></body></html>").encode()


@pytest.mark.parametrize(
    ("shown", "declared", "method", "paragraphs"),
    [
        # the page shows a part of the article the publisher declares in full: the declared text wins
        (_SENTENCES[:10], _SENTENCES, "jsonld_article_body", 40),
        # a declared body that is not clearly longer, or that is another text, is left alone
        (_SENTENCES[:30], _SENTENCES, "trafilatura", 30),
        (_SENTENCES[:10], [f"Item {n}: a listing teaser about weekend markets, concerts and new cafes in town."
                           for n in range(60)], "trafilatura", 10),
    ],
)
def test_declared_article_body_replaces_a_fragment(shown: list[str], declared: list[str], method: str,
                                                   paragraphs: int) -> None:
    outcome = extract(RawDocument(locator="t", kind="html", content=_page_with_article_body(shown, declared),
                                  source_name="test"))
    assert isinstance(outcome, Article)
    assert outcome.extraction_method == method
    assert outcome.text.count("Paragraph ") == paragraphs


def test_lines_of_spaces_in_trafilatura_text_do_not_merge_its_paragraphs() -> None:
    # recall mode keeps a page's indentation: a line of tabs between two paragraphs is not a paragraph break
    # of plain text, and must not make the cleaning read the lines before it as one long paragraph
    class Found:
        text = "The board approved the plan.\nSubscribe to our newsletter\n\t\t\nWork starts in May.\n \nEnd."

    lines = ["The board approved the plan.", "Subscribe to our newsletter", "Work starts in May.", "End."]
    assert _document_text(Found()) == "\n".join(lines)
    assert _document_text(None) == ""
    # read as it came, the first two lines are one paragraph, and the sentence goes with the prompt
    assert "The board approved" not in clean_text(Found.text).text
    assert clean_text(_document_text(Found())).text == "\n\n".join(lines[:1] + lines[2:])


def test_a_long_fragment_that_is_one_list_is_an_article() -> None:
    # a fragment that is one long list: the recall check looks at its parent, the body lxml puts it in
    items = "".join(f"<li>The harbour board approved part {i} of the plan today.</li>" for i in range(120))
    article = extract(RawDocument("list.html", "html", f"<ul>{items}</ul>".encode(), "files:test"))
    assert isinstance(article, Article) and article.word_count == 1200


def _discarded_page(opening: str, closing: str, split: bool = True) -> str:
    """A page whose article trafilatura discards for the class or style of the blocks holding it: the blocks sit
    beside promotions and above a slider of questions (discarded too), so that what its pruning leaves is the
    promotions, and what it finds a sliver of the HTML, behind a theme's script of 400 kB."""
    para = ("<p>The harbour board met on day {} and approved part {} of the expansion plan after a long debate "
            "about costs, dredging and the new container terminal near the old pier.</p>")
    blocks = ["".join(para.format(i, i) for i in range(start, start + 10)) for start in range(0, 60, 10)]
    plans = "".join(f"<h4>Plan {i}</h4><p>Our academy plan {i} automates invites, certificates and reports for teams "
                    "of every size, with support by phone and e-mail.</p>" for i in range(20))
    promo = (f"<div class='col promo'><section><h3>Centralize your training</h3><p>Book a demo</p><p>Save time on "
             "admin and spend time on the work that matters: our academy automates invites, certificates and reports, "
             f"so your team is free for what counts most.</p>{plans}</section></div>")
    if split:  # blocks of one class, between columns of promotions
        columns = "".join(f"<div class='col'>{opening}{block}{closing}</div>" for block in blocks)
        columns = columns.replace("</div><div class='col'>", f"</div>{promo}<div class='col'>", 1)
    else:  # one container of entries, a paragraph each
        entries = "".join(f"<article><div class='excerpt'>{block}</div></article>"
                          for block in "".join(blocks).replace("</p><p>", "</p>\n<p>").split("\n"))
        columns = f"{promo}{opening}{entries}{closing}"
    slides = "".join(f"<div class='swiper-slide'><h4>Question {i}</h4><p>Can I change plans later? Yes: every plan can "
                     f"be changed or cancelled at any time, and what you paid is credited to the next invoice {i}.</p>"
                     "</div>" for i in range(9))
    script = "<script>var theme = [" + ",".join(f'"{i:06d}"' for i in range(40000)) + "];</script>"
    return (f"<html><head><title>Harbour</title>{script}</head><body><main><div class='hero'><h1>Harbour plan</h1>"
            f"</div><div class='grid'>{promo}{columns}</div><div class='faq'><div class='swiper'>{slides}</div></div>"
            "</main><footer><p>Contact us</p></footer></body></html>")


@pytest.mark.parametrize(("opening", "closing", "split"), [
    ('<div class="space-y-4 bard">', "</div>", True),  # Statamic's rich-text blocks: "bar", as in "sidebar"
    ('<div class="page-footer">', "</div>", False),  # one container a theme called "footer"
    ('<section style="display:none">', "</section>", True),  # shown by a script
])
def test_an_article_discarded_for_its_class_is_brought_back(opening: str, closing: str, split: bool) -> None:
    # trafilatura discards every element whose class or style matches its boilerplate patterns; an article held
    # in such an element, or in several of the same marks, holds most of the page's paragraphs and comes back
    page = _discarded_page(opening, closing, split)
    assert "day 33" not in _from_html(parse_html(page), None)["text"]  # the loss this guards against
    article = extract(RawDocument("harbour.html", "html", page.encode(), "files:test"))
    assert isinstance(article, Article)
    assert "The harbour board met on day 0 " in article.text and "met on day 59 and" in article.text


@pytest.mark.parametrize("opening", ['<div class="cookie-consent">', '<section class="related-stories">'])
def test_a_consent_box_or_related_stories_holding_most_of_the_prose_stay_out(opening: str) -> None:
    page = _discarded_page(opening, "</div>" if "div" in opening else "</section>", split=False).replace(
        "The harbour board met", "We and our partners store and access information on your device, as")
    article = extract(RawDocument("harbour.html", "html", page.encode(), "files:test"))
    assert isinstance(article, Article) and "as on day 33 " not in article.text  # (trafilatura keeps its first line)
