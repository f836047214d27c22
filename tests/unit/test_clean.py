"""Unit tests for news_etl.clean: boilerplate paragraphs go, article paragraphs stay intact and in order."""

from __future__ import annotations

from pathlib import Path

import pytest

from news_etl.clean import _CJK_RULES, _RULES, CleanResult, Removed, _cta_reason, _fold, clean_text, split_paragraphs

SEED = Path(__file__).parents[2] / "seeds" / "fr_japon_otan_bureau_liaison.txt"

BEFORE = "The ministry said on Tuesday that talks would resume next week in Geneva, officials confirmed."
AFTER = "Analysts expect the negotiations to last several months before any agreement is signed."


def _wrap(paragraph: str) -> str:
    return f"{BEFORE}\n\n{paragraph}\n\n{AFTER}"


# --- seed article -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_result() -> CleanResult:
    return clean_text(SEED.read_text(encoding="utf-8"), "fr")


@pytest.mark.parametrize(
    "gone",
    [
        "CLIQUEZ ICI POUR OBTENIR L\u2019APPLICATION FOX NEWS",
        "L\u2019OTAN APPELLE LE JAPON",
        "LES ÉTATS-UNIS, LE JAPON ET L\u2019AUSTRALIE",
        "L\u2019AUGMENTATION DU BUDGET",
    ],
)
def test_seed_boilerplate_removed(seed_result: CleanResult, gone: str) -> None:
    assert gone not in seed_result.text


def test_seed_removed_reasons(seed_result: CleanResult) -> None:
    reasons = sorted(r.reason for r in seed_result.removed)
    assert reasons == ["call_to_action", "promo_headline", "promo_headline", "promo_headline"]
    cta = [r for r in seed_result.removed if r.reason == "call_to_action"]
    assert cta[0].text == "CLIQUEZ ICI POUR OBTENIR L\u2019APPLICATION FOX NEWS"


def test_seed_keeps_quotes_lede_and_order(seed_result: CleanResult) -> None:
    original = split_paragraphs(SEED.read_text(encoding="utf-8"))
    kept = seed_result.text.split("\n\n")
    assert kept[0].startswith("TOKYO \u2013")
    quotes = [p for p in original if p.startswith("«")]
    assert quotes and all(q in kept for q in quotes)
    # Kept paragraphs are the original ones, untouched and in the original order.
    removed = {r.text for r in seed_result.removed}
    assert kept == [p for p in original if p not in removed]


# --- one case per reason and language -----------------------------------------------------------------------

POSITIVE = [
    # call_to_action
    ("en", "Click here to get breaking news on your phone", "call_to_action"),
    ("fr", "Pour recevoir nos alertes, cliquez ici.", "call_to_action"),
    ("de", "Klicken Sie hier, um das Video zu sehen.", "call_to_action"),
    ("es", "Para ver la galería completa, haz clic aquí", "call_to_action"),
    ("es", "Pulsa aquí para ver el vídeo", "call_to_action"),
    ("it", "Clicca qui per leggere l\u2019intervista completa", "call_to_action"),
    ("pt", "Clique aqui para assistir ao vídeo", "call_to_action"),
    ("nl", "Klik hier voor meer informatie", "call_to_action"),
    ("en", "Follow us on Twitter and Facebook", "call_to_action"),
    ("fr", "Suivez-nous sur Instagram", "call_to_action"),
    # app_prompt
    ("en", "Download the Fox News app today", "app_prompt"),
    ("fr", "Téléchargez l\u2019application Le Monde", "app_prompt"),
    ("de", "Jetzt die App herunterladen", "app_prompt"),
    ("es", "Descarga la aplicación de El País", "app_prompt"),
    ("it", "Scarica l'app di Repubblica", "app_prompt"),
    ("pt", "Baixe o aplicativo do G1", "app_prompt"),
    ("nl", "Download de NOS-app", "app_prompt"),
    # newsletter
    ("en", "Sign up for our morning newsletter", "newsletter"),
    ("en", "Subscribe now for unlimited access", "newsletter"),
    ("fr", "Inscrivez-vous à notre newsletter quotidienne", "newsletter"),
    ("fr", "Abonnez-vous pour lire la suite", "newsletter"),
    ("de", "Abonnieren Sie unseren Newsletter", "newsletter"),
    ("es", "Suscríbete a nuestro boletín", "newsletter"),
    ("it", "Iscriviti alla newsletter", "newsletter"),
    ("pt", "Assine a nossa newsletter", "newsletter"),
    ("nl", "Schrijf je in voor onze nieuwsbrief", "newsletter"),
    # share_prompt
    ("en", "Share this article", "share_prompt"),
    ("fr", "Partager cet article", "share_prompt"),
    ("de", "Teilen", "share_prompt"),
    ("de", "Diesen Artikel teilen", "share_prompt"),
    ("es", "Comparte esta noticia", "share_prompt"),
    ("it", "Condividi su Facebook", "share_prompt"),
    ("pt", "Compartilhe esta notícia", "share_prompt"),
    ("nl", "Deel dit artikel", "share_prompt"),
    # read_more
    ("en", "Read more: Talks collapse as deadline passes", "read_more"),
    ("fr", "Lire aussi : La guerre en Ukraine, un an après", "read_more"),
    ("fr", "» À LIRE AUSSI - Le sommet de l\u2019OTAN à Vilnius", "read_more"),
    ("de", "Lesen Sie auch: Was der Gipfel bringt", "read_more"),
    ("es", "Lee también: La OTAN y Asia", "read_more"),
    ("it", "Leggi anche: il vertice di Vilnius", "read_more"),
    ("pt", "Leia também: Cúpula da OTAN", "read_more"),
    ("nl", "Lees ook: NAVO-top in Vilnius", "read_more"),
    ("en", "WATCH: Kishida arrives in Vilnius", "read_more"),
    ("en", "Listen: Our podcast on the summit", "read_more"),
    # related
    ("en", "Related: China warns Japan over NATO office", "related"),
    ("en", "See also the full timeline of the talks", "related"),
    ("de", "Mehr zum Thema", "related"),
    ("es", "Noticias relacionadas", "related"),
    ("it", "Articoli correlati", "related"),
    ("pt", "Veja também: o que muda", "related"),
    ("nl", "Zie ook: de tijdlijn", "related"),
    # photo_credit
    ("en", "Photo: Jane Doe / Reuters", "photo_credit"),
    ("en", "Kishida speaks in Tokyo on Monday. (Photo by Jane Doe/Getty Images)", "photo_credit"),
    ("en", "(AP Photo/Eugene Hoshiko)", "photo_credit"),
    ("fr", "Crédit photo : AFP", "photo_credit"),
    ("fr", "© AFP", "photo_credit"),
    ("de", "Foto: dpa", "photo_credit"),
    ("de", "Bild: Keystone", "photo_credit"),
    ("es", "Foto: EFE", "photo_credit"),
    # promo_headline
    ("en", "CHINA WARNS JAPAN OVER PLANNED NATO OFFICE IN TOKYO", "promo_headline"),
    ("de", "WARUM JAPAN DIE NÄHE ZUR NATO SUCHT", "promo_headline"),
    ("es", "LA OTAN ABRE UNA OFICINA EN TOKIO PARA CONTENER A CHINA", "promo_headline"),
    ("it", "IL GIAPPONE E LA NATO: UN'ALLEANZA SEMPRE PIÙ STRETTA", "promo_headline"),
    ("pt", "JAPÃO QUER ESCRITÓRIO DA OTAN EM TÓQUIO", "promo_headline"),
    ("nl", "JAPAN WIL NAVO-KANTOOR IN TOKIO OPENEN", "promo_headline"),
    # page furniture standing alone, and affiliate disclosures
    ("en", "Advertisement", "advertisement"),
    ("de", "Anzeige", "advertisement"),
    ("en", "- 11 min read", "reading_time"),
    ("en", "4 minute read time", "reading_time"),
    ("fr", "5 min de lecture", "reading_time"),
    ("de", "Lesezeit: 3 Minuten", "reading_time"),
    ("en", "Table of Contents", "navigation"),
    ("fr", "Sommaire", "navigation"),
    ("en", "Back to blog", "navigation"),
    ("en", "Sign up", "navigation"),
    ("en", "Home", "navigation"),
    ("en", "Manage consent", "navigation"),
    ("en", "Written by Cassidy Horton", "byline"),
    ("de", "von Nicolas Schlippe", "byline"),
    ("en", "As an Amazon Associate, I earn from qualifying purchases.", "disclosure"),
    ("en", "Products are chosen independently by our editors. Purchases made through our links may earn us a "
           "commission.", "disclosure"),
    ("en", "Disclosure: This post contains affiliate links. If you use them to make a purchase, we may earn a "
           "commission at no extra cost to you.", "disclosure"),
    # Chinese, Japanese, Korean: account buttons, "click here" endings, members-only notices
    ("ja", "＞ ログイン", "navigation"),
    ("ja", "記事保存", "navigation"),
    ("zh", "登录", "navigation"),
    ("ko", "회원가입", "navigation"),
    ("ja", "企業での記事共有や転載をご希望の方は、リンク先をご覧ください。 詳しくはこちら", "call_to_action"),
    ("zh", "查看完整报告，请点击这里。", "call_to_action"),
    ("ja", "［有料会員限定］ この記事は会員限定です。電子版に登録すると続きをお読みいただけます。", "call_to_action"),
]


@pytest.mark.parametrize(("language", "paragraph", "reason"), POSITIVE)
def test_boilerplate_paragraph_removed(language: str, paragraph: str, reason: str) -> None:
    result = clean_text(_wrap(paragraph), language)
    assert result.removed == (Removed(text=paragraph, reason=reason),)
    assert result.text == f"{BEFORE}\n\n{AFTER}"


# --- paragraphs that must stay ------------------------------------------------------------------------------

LONG_SUBSCRIBE = (
    "The company said the number of people who subscribe to its streaming service rose sharply in the "
    "second quarter, helped by a cheaper advertising tier, although executives warned that growth would "
    "slow in the coming months as price increases take effect and competition from rivals intensifies "
    "across Europe and Asia, according to the quarterly report."
)

NEGATIVE = [
    ("fr", "« NOUS NE LAISSERONS JAMAIS LA CHINE CHANGER LE STATU QUO PAR LA FORCE », a-t-il lancé."),
    ("en", "“WE WILL NEVER GIVE UP ON OUR ALLIES,” the president shouted."),
    ("en", "NATO said on Tuesday it had no plans to open an office in Tokyo this year."),
    ("fr", "L\u2019OTAN et les USA ont salué la décision du Japon, selon l\u2019AFP."),
    ("en", LONG_SUBSCRIBE),
    ("en", "BREAKING NEWS"),
    ("de", "UPDATE"),
    ("en", "Users who subscribe to the service pay less than those who do not."),
    ("de", "Teilen die Experten diese Einschätzung? Nicht alle."),
    ("de", "Melden Sie sich bei der Polizei, wenn Sie etwas gesehen haben."),
    ("de", "Bild von der Unfallstelle zeigt zerstörte Autos."),
    ("en", "Related to this, the ministry said it would review the budget."),
    ("es", "Mira, dijo el ministro, no vamos a negociar con nadie."),
    ("it", "Gli abbonati al servizio sono cresciuti del dieci per cento nel 2023."),
    ("en", "– Credit/debit cards (Visa, Mastercard, American Express)"),  # a list of payment methods
    ("en", "- Wallet (credit/debit cards, cash, etc.)"),
    # someone else's commission, a quoted one, and words that are only the start of a sentence
    ("en", "Brokers may earn a commission on each trade."),
    ("en", 'Smith, a broker, said: "We make a commission on each sale, so we want you to sell."'),
    ("en", "Contents of the report were leaked on Tuesday."),
    ("en", "Advertising revenue fell by a tenth in the quarter."),
    ("en", "By the end of the day, prices had fallen."),
    ("en", "By 2030"),
    ("en", "Home prices rose again in March."),
    # capitals that structure the article: numbered section headings, a transcript's speakers and stage directions
    ("en", "3. HOW TO FIND THE LEADING LINES"),
    ("en", "UNIDENTIFIED PERSON #2: Yeah."),
    ("en", "(SOUNDBITE OF ARCHIVED RECORDING)"),
    # caseless scripts: a few Latin capitals ("DNA", "CNN") in the paragraph do not make it shouted
    ("th", "21 ม.ค.2561 เวลาประมาณ 12.00 น. ผู้สื่อข่าวได้รับแจ้งว่า ผลการตรวจ DNA ของศพตรงกับบุตรชาย"),
    ("zh", "香港特区政府表示，DNA 检测结果将于下周公布。"),
    # the same words in sentences: paid members, a login system, registered users
    ("ja", "同社の有料会員数は100万人を突破した。"),
    ("ja", "ログインの仕組みが変わり、利用者の不満が高まっている。"),
    ("zh", "注册用户数已超过一亿。"),
]


@pytest.mark.parametrize(("language", "paragraph"), NEGATIVE)
def test_article_paragraph_kept(language: str, paragraph: str) -> None:
    result = clean_text(_wrap(paragraph), language)
    assert result.removed == ()
    assert result.text == f"{BEFORE}\n\n{paragraph}\n\n{AFTER}"


def test_capitals_that_are_a_heading_of_the_page_or_a_table_row_are_kept() -> None:
    heading = "WHY IS IT IMPORTANT TO TEACH A PUPPY TO SIT?"
    assert clean_text(_wrap(heading)).removed == (Removed(text=heading, reason="promo_headline"),)
    assert clean_text(_wrap(heading), headings={heading}).removed == ()  # the page has it as <h2>
    row = "| ITEM | QUANTITY | LOW | HIGH |"
    assert clean_text(_wrap(row)).removed == ()


def test_the_authors_bio_closing_the_text_goes() -> None:
    bio = "Jane Doe, a reporter for The Courier, has covered the harbour since 2009 and lives in Leith."
    about = "Jane Doe is the ministry's former spokeswoman and now advises the negotiators."
    text = f"{BEFORE}\n\n{about}\n\n{AFTER}\n\n{AFTER} Then more.\n\n{AFTER} And more.\n\n{bio}"
    result = clean_text(text, authors=("Jane Doe",))
    # the bio at the end goes; the same name opening a paragraph earlier in the article is the article's
    assert result.removed == (Removed(text=bio, reason="author_bio"),)
    assert clean_text(text).removed == ()  # without the article's authors there is no bio to tell
    assert clean_text(text, authors=("Jane",)).removed == ()  # a first name alone is too common
    assert clean_text(f"{BEFORE}\n\nMartin Gerecke ist Rechtsanwalt in Hamburg.",
                      authors=("Martin Gerecke",)).text == BEFORE


def test_dateline_lede_in_capitals_is_kept() -> None:
    lede = "WASHINGTON (AP) — PRESIDENT SIGNS DEFENCE BILL INTO LAW AFTER MONTHS OF TALKS"
    result = clean_text(f"{lede}\n\n{AFTER}")
    assert result.removed == ()


def test_all_caps_wire_copy_is_not_stripped() -> None:
    text = "\n\n".join(p.upper() for p in (BEFORE, AFTER, "OFFICIALS DECLINED TO COMMENT ON THE REPORT."))
    assert clean_text(text).removed == ()


# --- split_paragraphs ---------------------------------------------------------------------------------------

SPLITS = [
    ("One.\r\n\r\nTwo.", ["One.", "Two."]),
    ("One.\n  \nTwo.\n\n\n\nThree.", ["One.", "Two.", "Three."]),
    ("One.\nTwo.\nThree.", ["One.", "Two.", "Three."]),
    ("  A \t  b   c  \n\n\n  d\te  ", ["A b c", "d e"]),
    ("", []),
    ("\n \n\t\n", []),
    ("a \t \n \t b\n\t\nc", ["a\nb", "c"]),  # spaces around a newline go, a tab-only line is blank
    ("a\tb \nc", ["a b", "c"]),
]


@pytest.mark.parametrize(("text", "expected"), SPLITS)
def test_split_paragraphs(text: str, expected: list[str]) -> None:
    assert split_paragraphs(text) == expected


def test_clean_is_deterministic_and_empty_safe() -> None:
    text = _wrap("Click here to subscribe")
    assert clean_text(text) == clean_text(text)
    assert clean_text("") == CleanResult(text="", removed=())


# --- the rule gates -----------------------------------------------------------------------------------------


def _first_rule(paragraph: str) -> str | None:
    """Every rule tried in order, without the combined searches (nor the test for Han, kana and Hangul) that
    _cta_reason runs first."""
    words = len(paragraph.split())
    key = _fold(paragraph)
    if words > max(max_words for _reason, _pattern, max_words in _RULES):
        return None
    return next((reason for reason, pattern in _CJK_RULES if pattern.search(key)), None) or next(
        (reason for reason, pattern, max_words in _RULES if words <= max_words and pattern.search(key)), None)


def test_rule_gates_change_no_verdict() -> None:
    """The combined searches only skip paragraphs no rule matches: every case above, the seed and variants
    of them (upper case, clause openings, accents) get the reason the rules give one by one."""
    paragraphs = [p for _lang, p, _reason in POSITIVE] + [p for _lang, p in NEGATIVE]
    paragraphs += split_paragraphs(SEED.read_text(encoding="utf-8"))
    paragraphs += [variant for p in list(paragraphs)
                   for variant in (p.upper(), f"Tuesday, {p}", f"» {p.lower()}", p.replace("e", "é"))]
    assert len(paragraphs) > 200
    mismatches = [p for p in paragraphs if _cta_reason(p, len(p.split())) != _first_rule(p)]
    assert mismatches == []
    assert sum(_first_rule(p) is not None for p in paragraphs) > 100  # the variants do exercise the rules


# --- repeated paragraphs ------------------------------------------------------------------------------------

_LONG = "The harbour board approved the expansion plan on Tuesday after a two-year review."
REPEATS = [
    # a second rendering of the same paragraph (a mobile and a desktop copy) goes, case aside
    (f"{_LONG}\n\nA vote followed.\n\n{_LONG.upper()}", [_LONG, "A vote followed."]),
    # short lines repeat legitimately: labels, "Read the report", a refrain
    ("Pros\n\nCheap to run.\n\nPros\n\nEasy to fold.", ["Pros", "Cheap to run.", "Pros", "Easy to fold."]),
    # list items and table rows repeat in schedules and spec sheets
    ("- Warm up for ten minutes with easy jogging in zone two\n\n- Run\n\n"
     "- Warm up for ten minutes with easy jogging in zone two",
     ["- Warm up for ten minutes with easy jogging in zone two", "- Run",
      "- Warm up for ten minutes with easy jogging in zone two"]),
    ("| Monday | rest | rest | run | rest | run | long run |\n\n| Tuesday |\n\n"
     "| Monday | rest | rest | run | rest | run | long run |",
     ["| Monday | rest | rest | run | rest | run | long run |", "| Tuesday |",
      "| Monday | rest | rest | run | rest | run | long run |"]),
]


@pytest.mark.parametrize(("text", "kept"), REPEATS)
def test_repeated_paragraphs(text: str, kept: list[str]) -> None:
    result = clean_text(text)
    assert split_paragraphs(result.text) == kept
    assert all(r.reason == "repeated" for r in result.removed)


# --- cookie notices -------------------------------------------------------------------------------------------

_ARTICLE = [BEFORE, AFTER, "The talks follow a year of failed attempts to agree on the terms of a ceasefire, and "
            "both delegations have said they will bring new proposals on prisoners and border crossings."]


@pytest.mark.parametrize("notice", [
    "We use cookies on our website to give you the most relevant experience by remembering your preferences.",
    "This website uses cookies to improve your experience. By clicking “Accept” you agree to our Privacy Policy.",
    "Necessary cookies are absolutely essential for the website to function properly.",
    "Other uncategorized cookies are those that are being analyzed and have not been classified into a category.",
    "Auf unserer Website werden Cookies gemäß unserer Datenschutzerklärung verwendet.",
    "Ce site utilise des cookies pour mesurer l'audience.",
])
def test_a_cookie_notice_beside_an_article_is_removed(notice: str) -> None:
    result = clean_text("\n\n".join([_ARTICLE[0], notice, *_ARTICLE[1:]]))
    assert result.text == "\n\n".join(_ARTICLE)
    assert result.removed == (Removed(text=notice, reason="cookie_notice"),)


@pytest.mark.parametrize("paragraph", [
    "Bake the cookies for twelve minutes, until their edges are golden.",
    "Regulators said websites that use cookies to track visitors must ask for consent first.",
    "“We use cookies to remember what you put in your basket,” the company said.",
])
def test_sentences_about_cookies_are_kept(paragraph: str) -> None:
    assert clean_text(_wrap(paragraph)).removed == ()


def test_a_text_that_is_only_a_cookie_notice_keeps_it() -> None:
    # the page is a consent wall: its text is the notice, and access_status says consent_wall
    notice = ("We use cookies and data to deliver and maintain our services.\n\n"
              "Necessary cookies are absolutely essential for the website to function properly.")
    assert clean_text(notice).text == notice
