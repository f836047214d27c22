"""Metadata candidates from parsed pages and their reconciliation (htmlmeta.py, fields.py, metadata.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

import pytest
from trafilatura.utils import load_html

from news_etl.extract import parse_html
from news_etl.fields import access_status, resolve_fields
from news_etl.htmlmeta import _following_texts, _nonblank, _preceding_texts, read_page, strip_site_name
from news_etl.metadata import normalize_authors, parse_datetime, url_date
from news_etl.records import Hints

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def page(head: str, body: str) -> str:
    return f"<html lang='en'><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


def fields(html: str, url: str | None = None, hints: Hints | None = None) -> dict[str, object]:
    tree = load_html(html)
    return resolve_fields(hints or Hints(), read_page(tree, url), url, tree)


@pytest.mark.parametrize(
    ("title", "sites", "host", "expected"),
    [
        ("Harbour board approves expansion | The Courier", ["The Courier"], None, "Harbour board approves expansion"),
        ("The Courier - Harbour board approves expansion", ["The Courier"], None, "Harbour board approves expansion"),
        ("Ten tips for renters :: Movebuddy.com", [], "www.movebuddy.com", "Ten tips for renters"),
        ("Paris – Lyon: a rail race", [], "example.org", "Paris – Lyon: a rail race"),  # no site part
    ],
)
def test_strip_site_name(title: str, sites: list[str], host: str | None, expected: str) -> None:
    assert strip_site_name(title, sites, host) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-03T10:00:00Z", ("2024-05-03T10:00:00+00:00", "second")),
        ("2024-05-03T10:05+0200", ("2024-05-03T10:05+02:00", "minute")),
        ("2024-05-03", ("2024-05-03", "day")),
        ("03/04/2024 - 12:47h", ("2024-04-03T12:47", "minute")),
        ("5 de julio de 2023", ("2023-07-05", "day")),
        ("April 3, 2024", ("2024-04-03", "day")),
        ("1989-12-31", None),
        ("2026-12-01", None),
        ("soon", None),
    ],
)
def test_parse_datetime_precision_and_bounds(value: str, expected: tuple[str, str] | None) -> None:
    assert parse_datetime(value, now=NOW) == expected


def test_ambiguous_numeric_dates_follow_the_page_convention() -> None:
    assert parse_datetime("03-09-2026", now=NOW) == ("2026-09-03", "day")
    assert parse_datetime("03-09-2026", now=NOW, month_first=True) == ("2026-03-09", "day")


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://a.example/news/2024/04/03/slug", "2024-04-03"),
        ("https://a.example/20231105-library-fines", "2023-11-05"),
        ("https://a.example/archive/2025/12/slug", None),  # a month is not a day
        ("https://a.example/story/12345", None),
    ],
)
def test_url_date(url: str, day: str | None) -> None:
    assert url_date(url) == day


@pytest.mark.parametrize(
    ("raw", "sites", "names"),
    [
        (["By Tom Reed, Staff Reporter"], [], ("Tom Reed",)),
        (["Jane Doe, MD, PhD"], [], ("Jane Doe, MD, PhD",)),  # credentials are part of the byline
        (["Kaufman, Jeff T."], [], ("Jeff T. Kaufman",)),
        (["Paul Frew, Home and Digital Security Expert"], [], ("Paul Frew",)),  # a job title, not co-authors
        (["Justin C. Meserole, Trial Attorney at Morgan & Morgan"], [], ("Justin C. Meserole",)),
        (["Maria & Katerina"], [], ("Maria", "Katerina")),  # "Maria" is not the month March
        (["CM Craig McCarthy"], [], ("Craig McCarthy",)),  # initials of an avatar placeholder
        (["Written by"], [], ()),
        (["Podium Staff"], ["Podium"], ("Podium Staff",)),  # a staff credit is a byline
        (["Associated Press"], ["Riverside Daily"], ("Associated Press",)),  # so is a wire agency
        (["The Commercial Appeal"], ["The Commercial Appeal"], ()),
        (["q_admin"], [], ()),
        (["Doe, Jane"], [], ("Jane Doe",)),
        (["Rachel MacDonald Senior Writer"], [], ("Rachel MacDonald",)),
        (["Liz Kenny Former McKinsey Consultant"], [], ("Liz Kenny",)),
        (["Jane Doe, former ambassador to Japan"], [], ("Jane Doe",)),
        (["16 December 2025 by Sam O'Brien"], [], ("Sam O'Brien",)),
        (["Cazzy Magennis Last Updated August 1"], [], ("Cazzy Magennis",)),
        (["jane@example.org"], [], ()),
        (["Harbor Health News"], ["Harbor Health News"], ()),  # the site's own name is not a person
        (["Jane Doe"], ["Jane Doe"], ("Jane Doe",)),  # a personal blog named after its author keeps her
        (["Updated March 3"], [], ()),
    ],
)
def test_normalize_authors(raw: list[str], sites: list[str], names: tuple[str, ...]) -> None:
    assert normalize_authors(raw, sites) == names


def test_jsonld_graph_author_reference_and_organisation() -> None:
    ld = """<script type="application/ld+json">{"@graph": [
      {"@type": "NewsArticle", "headline": "Ferry fares frozen", "author": [{"@id": "#p1"}, {"@type": "Organization",
       "name": "Island Post"}], "datePublished": "2024-01-02T08:00:00+01:00", "isAccessibleForFree": "False"},
      {"@type": "Person", "@id": "#p1", "name": "Ana Lopes"}]}</script>"""
    got = fields(page(ld, "<h1>Ferry fares frozen</h1><p>Text.</p>"))
    assert got["authors"] == ("Ana Lopes",)
    assert got["published_at"] == "2024-01-02T08:00:00+01:00"
    assert got["provenance"] == {"authors": "jsonld", "published_at": "jsonld", "published_precision": "jsonld",
                                 "title": "h1"}


def test_logo_h1_loses_to_the_headline_and_share_links_give_the_url() -> None:
    body = ("<div class='logo'><h1>Riverside Daily</h1></div><h1>Bridge reopens after repairs</h1>"
            "<a href='https://fb.example/sharer.php?u=https://rd.example/2024/05/02/bridge'>f</a>"
            "<a href='https://x.example/share?url=https://rd.example/2024/05/02/bridge'>x</a>")
    got = fields(page("<title>Bridge reopens after repairs | Riverside Daily</title>", body))
    assert got["title"] == "Bridge reopens after repairs"
    assert got["url"] == "https://rd.example/2024/05/02/bridge"
    assert got["published_at"] == "2024-05-02"
    assert got["provenance"]["published_at"] == "url"


@pytest.mark.parametrize(
    ("h1", "title"),
    [
        # a section label printed before the headline, which the other sources give alone
        ("<strong>Blog:</strong> Bridge reopens after repairs", "Bridge reopens after repairs"),
        # a headline with a colon of its own stays whole
        ("Bridge reopens: what changes for drivers", "Bridge reopens: what changes for drivers"),
    ],
)
def test_a_label_before_the_headline_is_not_the_title(h1: str, title: str) -> None:
    head = ("<title>Bridge reopens after repairs | Riverside Daily</title>"
            "<meta property='og:title' content='Bridge reopens after repairs'>")
    assert fields(page(head, f"<h1>{h1}</h1><p>The bridge reopened on Monday.</p>"))["title"] == title


def test_url_day_wins_over_a_contradicting_structured_date() -> None:
    head = "<meta property='article:published_time' content='2025-12-19T02:41:41+00:00'>"
    got = fields(page(head, "<h1>x</h1>"), url="https://blog.example/2025/12/18/comfort-watches")
    assert (got["published_at"], got["published_precision"]) == ("2025-12-18", "day")


def test_hints_come_first_and_http_last_modified_last() -> None:
    hints = Hints(title="Record title", authors=("Ann Lee",), http_last_modified="2024-03-01T10:00:00+00:00",
                  origin="feed")
    got = fields(page("", "<p>No metadata here at all.</p>"), hints=hints)
    assert got["title"] == "Record title" and got["provenance"]["title"] == "feed"
    assert got["authors"] == ("Ann Lee",)
    assert got["modified_at"] == "2024-03-01T10:00:00+00:00" and got["provenance"]["modified_at"] == "http"


@pytest.mark.parametrize(
    ("text", "html", "status"),
    [
        ("Please verify you are human to continue.", "", "bot_wall"),
        ("We use cookies. Accept all or manage preferences.", "", "consent_wall"),
        ("", "<div>Subscribe to continue reading</div>", "paywalled"),
        ("", "<div></div>", "empty"),
        ("word " * 300, "", "ok"),
    ],
)
def test_access_status(text: str, html: str, status: str) -> None:
    assert access_status(text, None, html) == status


@pytest.mark.parametrize(
    ("marker", "names"),
    [
        ('class="Post-AUTHOR-name"', ("Jane Doe",)),  # any case, anywhere in the class list
        ('id="ArticleByline"', ("Jane Doe",)),
        ('itemprop="author"', ("Jane Doe",)),
        ('class="autor-reseña"', ("Jane Doe",)),  # a non-ASCII class list takes the regex path
        ('class="BYLİNE"', ("Jane Doe",)),  # dotted capital I: the regex's case folding matches it to "i"
        ('class="author-avatar"', None),  # a byline word with a skip word is not a byline
    ],
)
def test_byline_element_found_by_class_id_or_itemprop(marker: str, names: tuple[str, ...] | None) -> None:
    # Enough elements before the byline that it is not in the first chunk the search looks at.
    nav = "".join(f"<li class='Menu-Item nav-{i}'><a href='/s/{i}'>Section {i}</a></li>" for i in range(300))
    body = f"<nav><ul>{nav}</ul></nav><article><h1>Harbour board approves expansion</h1>" \
           f"<div {marker}>By Jane Doe</div><p>The board voted on Tuesday.</p></article>"
    bylines = [found for found, source in read_page(load_html(page("", body)), None).authors if source == "byline"]
    assert bylines == ([names] if names else [])


@pytest.mark.parametrize(
    ("box", "names"),
    [
        # an author box holding the name, the author's title and the date: the name element's text
        ('<div class="post-author-info"><div class="post-author-name">Liza Burke</div>'
         '<div class="post-author-position">Marketing Director</div><div>May 14, 2025</div></div>', ("Liza Burke",)),
        ('<div class="author-box"><h4 class="author-box__name">Liz Kenny</h4><p>Former McKinsey Consultant</p>'
         '<span class="author-box__name">Jane Doe</span></div>', ("Liz Kenny", "Jane Doe")),
        # without name elements, the byline's own text, as before
        ('<div class="byline">By Jane Doe and John Roe</div>', ("Jane Doe", "John Roe")),
    ],
)
def test_an_author_boxs_name_elements_give_its_names(box: str, names: tuple[str, ...]) -> None:
    body = f"<article><h1>Harbour board approves expansion</h1>{box}<p>The board voted on Tuesday.</p></article>"
    bylines = [found for found, source in read_page(load_html(page("", body)), None).authors if source == "byline"]
    assert bylines[:1] == [names]


def test_structured_authors_may_be_logins_but_bylines_need_a_capital() -> None:
    assert normalize_authors(["sara.r.peter"], structured=True) == ("sara.r.peter",)
    assert normalize_authors(["posted in news"]) == ()
    assert normalize_authors(["page.head.extra.author"], structured=True) == ()  # an unfilled template


# --- the article header: dates and bylines printed around the headline -------------------------------------

LD = '<script type="application/ld+json">{"@type": "Article", "headline": "Tide mills return", %s}</script>'


@pytest.mark.parametrize(
    ("jsonld", "header", "day", "source"),
    [
        # a CMS stamp (published = modified) against the printed date: the printed date
        ('"datePublished": "2025-06-24", "dateModified": "2025-06-24"', "By Ann Lee · August 25, 2024",
         "2024-08-25", "header"),
        # "Updated" is never the publication date
        ('"datePublished": "2024-02-01T10:00:00+00:00"', "Updated on April 19, 2025", "2024-02-01", "jsonld"),
        # the printed date is the declared modification: the page shows its update, unlabelled
        ('"datePublished": "2012-09-12", "dateModified": "2021-09-08"', "September 8, 2021", "2012-09-12",
         "jsonld"),
        # one moment: 00:04 UTC on the 5th is the evening of the 4th in New York
        ('"datePublished": "2025-07-05T00:04:00+00:00"', "July 4, 2025", "2025-07-05", "jsonld"),
        # 03/10/2023 reads both ways: the structured date says which
        ('"datePublished": "2023-10-03T09:00:00+00:00"', "03/10/2023", "2023-10-03", "jsonld"),
    ],
)
def test_the_date_printed_by_the_headline(jsonld: str, header: str, day: str, source: str) -> None:
    body = f"<article><h1>Tide mills return</h1><p class='meta'>{header}</p><p>{'Text. ' * 40}</p></article>"
    got = fields(page(LD % jsonld, body))
    assert str(got["published_at"])[:10] == day
    assert got["provenance"]["published_at"] == source  # type: ignore[index]


def test_a_printed_date_takes_the_precise_structured_candidate_that_agrees() -> None:
    head = (LD % '"datePublished": "2024-08-29T10:00:00+00:00"'
            + "<meta name='pubdate' content='2025-11-25T13:00:00-08:00'>")
    got = fields(page(head, "<h1>Tide mills return</h1><p>By Ann Lee</p><p>Nov 25, 2025 5:00 am PST</p>"))
    assert got["published_at"] == "2025-11-25T13:00:00-08:00"
    assert got["provenance"]["published_at"] == "meta"  # type: ignore[index]


def test_a_date_in_a_photo_caption_is_the_photos_not_the_articles() -> None:
    caption = ("<figure><img src='a.jpg'><figcaption>Boats moored at Hull on March 24, 2014."
               "</figcaption></figure>")
    wordpress = ("<div class='wp-caption'><img src='a.jpg'><p class='wp-caption-text'>Boats moored at Hull on"
                 " March 24, 2014.</p></div>")
    for wrapped in (caption, wordpress):
        got = fields(page(LD % '"datePublished": "2023-11-02T19:53:52Z"',
                          f"<article><h1>Tide mills return</h1>{wrapped}<p>By Ann Lee</p>"
                          f"<time>November 2, 2023</time><p>{'Text. ' * 40}</p></article>"))
        assert got["published_at"] == "2023-11-02T19:53:52+00:00"
        assert got["provenance"]["published_at"] == "jsonld"  # type: ignore[index]


def test_a_date_linking_to_another_post_is_that_posts_date() -> None:
    body = ("<h1>The first decade</h1><p>Ten years of this blog.</p>"
            "<p><a href='/first-post/'>8 August 2009</a>: the first proper post.</p><p>" + "Text. " * 40 + "</p>")
    got = fields(page(LD % '"datePublished": "2019-07-13T08:00:00Z"', body), "https://blog.example/the-first-decade/")
    assert (got["published_at"], got["provenance"]["published_at"]) == ("2019-07-13T08:00:00+00:00", "jsonld")  # type: ignore[index]
    # the post's own date, linked to its permalink, to the day's archive, or beside the author's page link
    for own in ("<a href='/the-first-decade/'>July 13, 2019</a>", "<a href='/2019/07/13/'>July 13, 2019</a>",
                "<a href='/author/ann-lee/'>Ann Lee · July 13, 2019</a>"):
        got = fields(page("", f"<h1>The first decade</h1><p>{own}</p><p>{'Text. ' * 40}</p>"),
                     "https://blog.example/the-first-decade/")
        assert (got["published_at"], got["provenance"]["published_at"]) == ("2019-07-13", "header")  # type: ignore[index]


def test_a_time_in_a_card_linking_to_another_item_dates_that_item() -> None:
    card = ("<a href='/guidance/phishing/'><h3>Phishing attacks</h3><span>Guidance</span>"
            "<time datetime='2019-01-17T12:00:00Z'>17 Jan 2019</time></a>")
    own = "<time datetime='2018-11-15T12:00:00Z'>15 November 2018</time>"
    url = "https://gov.example/collection/small-business-guide"
    # the card's <time> comes first in the page (a "latest" rail far above the headline): not this page's date
    rail = f"<div>{card}</div>" + "<p>Cyber security news.</p>" * 30
    text = "<p>Text of the guide.</p>" * 30
    got = fields(page("", f"{rail}<h1>Small business guide</h1>{text}<p>Published {own}</p>"), url)
    assert (got["published_at"], got["provenance"]["published_at"]) == ("2018-11-15T12:00:00+00:00", "time")  # type: ignore[index]
    # a <time> linked to this page's permalink or to a date archive is still this page's
    for href in ("/collection/small-business-guide", "/2018/11/15/"):
        linked = f"<a href='{href}'>{own}</a>"
        got = fields(page("", f"<h1>Small business guide</h1><p>{linked}</p><p>{'Text. ' * 40}</p>"), url)
        assert (got["published_at"], got["provenance"]["published_at"]) == ("2018-11-15T12:00:00+00:00", "time")  # type: ignore[index]

def test_printed_dates_when_the_page_has_no_structured_date() -> None:
    related = "<aside><h3>More</h3><p>Older story</p><p>March 3, 2019</p></aside>"
    got = fields(page("", related + "<h1>Tide mills return</h1><p>Published on 2025-12-19</p><p>Text.</p>"))
    assert (got["published_at"], got["provenance"]["published_at"]) == ("2025-12-19", "header")  # type: ignore[index]
    # a page that prints nothing but its update date: that date, saying so, rather than a guess
    got = fields(page("", "<h1>Tide mills return</h1><p>Last updated: Dec 12, 2025</p><p>Text.</p>"))
    assert got["published_at"] == "2025-12-12"
    assert got["provenance"]["published_at"] == "header_updated"  # type: ignore[index]


@pytest.mark.parametrize(
    ("head", "header", "authors", "source"),
    [
        ("", "<p>By Sofia Gonzalez December 2, 2025</p>", ("Sofia Gonzalez",), "header"),
        ("", "<p><span>Written by:</span> <span>Elise Nass</span></p>", ("Elise Nass",), "header_label"),
        # a link to the author's page on the site; a social profile is not one
        ("", "<a href='https://bsky.app/profile/tidal'>Bluesky</a><a href='/author/ann-lee/'>Ann Lee</a>",
         ("Ann Lee",), "header"),
        # a "By" label before a category link, when the header also links an author page
        ("", "<p>By</p><a href='/topics/energy/'>Energy</a><a href='/author/ann-lee/'>Ann Lee</a>",
         ("Ann Lee",), "header"),
        # photo and reviewer credits are not the byline
        ("", "<p>Photo by Solen Feyissa</p><p>Reviewed by: Brian Stormont</p><p>By Ann Lee</p>",
         ("Ann Lee",), "header"),
        # the printed byline names other people than the structured author (the account that posted it)
        (LD % '"author": {"@type": "Person", "name": "Luke Daigle"}', "<p>By Paul Fenaroli</p>",
         ("Paul Fenaroli",), "header"),
        # ... or more of them
        (LD % '"author": {"@type": "Person", "name": "Rui Ma"}',
         "<p>By <a href='/author/rui'>Rui Ma</a>, <a href='/author/heba'>Heba Ledwon</a> &amp; "
         "<a href='/author/suparn'>Suparn Patra</a></p>", ("Rui Ma", "Heba Ledwon", "Suparn Patra"), "header"),
        # agreeing with the structured author, the structured source stays the provenance
        (LD % '"author": {"@type": "Person", "name": "Ann Lee"}', "<p>By Ann Lee</p>", ("Ann Lee",), "jsonld"),
        # a name beside the printed date, without "By"
        ("", "<p>Dec 17, 2025</p><p>·</p><p>Julian K. Arni</p>", ("Julian K. Arni",), "date_line"),
    ],
)
def test_the_byline_printed_by_the_headline(head: str, header: str, authors: tuple[str, ...], source: str) -> None:
    body = f"<h1>Tide mills return</h1>{header}<p>{'Text. ' * 40}</p>"
    got = fields(page(head, body), url="https://tidal.example/2025/mills")
    assert (got.get("authors"), got["provenance"].get("authors")) == (authors, source)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("box", "authors"),
    [
        # an author box under the article, its credit an element of its own
        ("<div class='bio'><img src='a.jpg' alt=''><p>Written by Ann Lee</p><p>Ann covers the coast.</p></div>",
         ("Ann Lee",)),
        ("<div class='bio'><span>Written by</span> <a href='/team/ann'>Ann Lee</a></div>", ("Ann Lee",)),
        ("<div><p class='x'>By <!-- -->Ann Lee and Bo Ek</p></div>", ("Ann Lee", "Bo Ek")),
        # a work's credits in an infobox, another story's byline in a list, a sort button: no author
        ("<table><tr><th>Written by</th><td>Ann Lee</td></tr><tr><th>Directed by</th><td>Bo Ek</td></tr></table>",
         None),
        ("<ul><li><a href='/other'>Dredging starts</a><p>By Ann Lee</p></li></ul>", None),
        ("<div><button>By Industry</button><p>Written by the harbour team</p></div>", None),
    ],
)
def test_a_credit_line_anywhere_is_the_last_resort(box: str, authors: tuple[str, ...] | None) -> None:
    # after the article's paragraphs, away from the headline's own byline lines
    paragraphs = "".join(f"<p>The mill on the estuary turned for the {i}th time this year.</p>" for i in range(20))
    body = f"<article><h1>Tide mills return</h1>{paragraphs}{box}</article>"
    got = fields(page("", body), url="https://tidal.example/2025/mills")
    assert got.get("authors") == authors
    if authors:
        assert got["provenance"]["authors"] == "credit_line"  # type: ignore[index]


def test_author_fields_in_meta_tags() -> None:
    head = ("<meta name='citation_author' content='Hossain, Najmul'><meta name='citation_author' content='Jaeeun Lee'>"
            "<meta name='citation_author' content='Hongseok Choi'>")
    assert fields(page(head, "<h1>x</h1>"))["authors"] == ("Najmul Hossain", "Jaeeun Lee", "Hongseok Choi")
    yoast = "<meta name='twitter:label1' content='Written by'><meta name='twitter:data1' content='Chase Bernath'>"
    assert fields(page(yoast, "<h1>x</h1>"))["authors"] == ("Chase Bernath",)
    # a login is used only when no source gives a written name
    login = "<meta name='author' content='andrew.keaveney'>"
    got = fields(page(login, "<h1>x</h1><div class='byline'>By Denise Everheart</div>"))
    assert got["authors"] == ("Denise Everheart",)


def test_jsonld_organisation_authors() -> None:
    wire = LD % '"author": {"@type": "Organization", "name": "Associated Press"}'
    assert fields(page(wire, "<h1>x</h1>"))["authors"] == ("Associated Press",)
    beside = LD % ('"author": [{"@type": "Person", "name": "Arlene Marturano"}, '
                   '{"@type": "Organization", "name": "Garden Learning Network"}]')
    assert fields(page(beside, "<h1>x</h1>"))["authors"] == ("Arlene Marturano",)


# --- titles -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("head", "body", "url", "title"),
    [
        # markup inside a word does not split it, a date or byline inside the <h1> is not the headline
        ("", "<h1>How AI Can Cut Your Planning <span class='cap'>C</span>ycle</h1>", None,
         "How AI Can Cut Your Planning Cycle"),
        ("", "<h1><a href='/p'><time datetime='2025-12-18'>Dec 18 2025</time> Preparing a transition</a></h1>",
         None, "Preparing a transition"),
        ("", "<h1>The Best Notion Alternatives<span>Top Note-taking Tools</span></h1>", None,
         "The Best Notion Alternatives Top Note-taking Tools"),
        # an <h1> in capitals or with characters lost to an encoding: the same headline from another source
        ("<meta property='og:title' content='Best Drip Coffee Maker 2026: Buying Tips'>",
         "<h1>BEST DRIP COFFEE MAKER IN 2026: BUYING TIPS</h1>", None, "Best Drip Coffee Maker 2026: Buying Tips"),
        ('<meta property="og:title" content="Event Planning: Beginner\'s Guide">',
         "<h1>Event Planning? Beginner? Guide</h1>", None, "Event Planning: Beginner's Guide"),
        ("", "<h1>A DIY Investor\u00e2\u0080\u0099s Guide</h1>", None, "A DIY Investor\u2019s Guide"),
        ("", "<h1>Python, SQL &amp;#x26; AI tools</h1>", None, "Python, SQL & AI tools"),
        # a blog's name in the <h1>: the <title> is that name and the og:title
        ("<title>Engora Data Blog: Small adventures with small models</title>"
         "<meta property='og:title' content='Small adventures with small models'>",
         "<h1>Engora Data Blog</h1>", None, "Small adventures with small models"),
        # the headline in an <h2> before a pull quote set in an <h1>
        ("<meta property='og:title' content='What do people love about Rust? | Rust Blog'>",
         "<h2>What do people love about Rust?</h2><h1>But what they love is the empowerment</h1>", None,
         "What do people love about Rust?"),
        # site names known only from the address
        ("<title>GAME CHANGER | Newegg.com</title>", "", "https://promotions.newegg.com/z/1.html", "GAME CHANGER"),
        ("<meta property='og:title' content='Top 5 HR Software in 2026 | DianaHR'>", "",
         "https://www.getdianahr.com/blog/hr", "Top 5 HR Software in 2026"),
        ("<title>davidbau.com Vibe Coding</title>", "<h1>davidbau.com</h1>", "https://davidbau.com/a/vibe.html",
         "Vibe Coding"),
    ],
)
def test_title_repairs(head: str, body: str, url: str | None, title: str) -> None:
    assert fields(page(head, body), url=url)["title"] == title


def test_the_header_walk_finds_the_text_nodes_xpath_finds() -> None:
    """_header_lines walks the text around the headline in Python, stopping early, where it used XPath's
    preceding:: and following:: axes (which visit the whole page): the same nodes, in the same order, from
    every element of the fixture and seed pages."""
    root = Path(__file__).parents[2]
    checked = 0
    for path in sorted([*root.glob("tests/fixtures/*/*.html"), *root.glob("seeds/html/*.htm*")]):
        if path.parent.name == "bad" or path.suffix == ".gz":
            continue
        tree = parse_html(path.read_text(encoding="utf-8"))
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            for axis, walk, limit in (("preceding", _preceding_texts, 12), ("following", _following_texts, 40)):
                found = element.xpath(f"{axis}::text()[normalize-space()][position() <= {limit}]")
                expected = [(str(n), n.getparent(), n.is_tail) for n in found]
                walked = list(islice(_nonblank(walk(element)), limit))
                assert (walked[::-1] if axis == "preceding" else walked) == expected, (path.name, element.tag, axis)
                checked += 1
    assert checked > 1500


def test_a_description_that_is_only_the_site_name_gives_way() -> None:
    head = ('<meta property="og:site_name" content="Engadget"><meta property="og:description" content="Engadget">'
            '<meta name="description" content="Verizon shows its FiOS TV app on the iPad.">')
    got = fields(page(head, "<h1>Verizon FiOS on the iPad</h1><p>Text.</p>"))
    assert (got["description"], got["provenance"]["description"]) == (  # type: ignore[index]
        "Verizon shows its FiOS TV app on the iPad.", "meta")
    # with nothing else declared, no description rather than the site's name
    got = fields(page('<meta property="og:site_name" content="Engadget"><meta property="og:description" '
                      'content="engadget">', "<h1>Verizon FiOS on the iPad</h1><p>Text.</p>"))
    assert "description" not in got


def test_a_title_label_printed_in_the_headline_is_not_part_of_it() -> None:
    """arXiv's abstract pages: <h1><span class="descriptor">Title:</span>The title</h1>."""
    html = page("<title>[2512.00001] Merging Language Models with Fisher Constraints</title>",
                '<h1 class="title"><span class="descriptor">Title:</span>Merging Language Models with Fisher '
                "Constraints</h1><p>Text.</p>")
    got = fields(html)
    assert (got["title"], got["provenance"]["title"]) == (  # type: ignore[index]
        "Merging Language Models with Fisher Constraints", "h1")
