"""Owns paragraph-level removal of news boilerplate (calls to action, promo headlines, credits, page furniture,
affiliate disclosures, stray bylines, repeats)."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from dataclasses import dataclass

from news_etl.metadata import BY_WORD, looks_like_person, strip_accents


@dataclass(frozen=True)
class Removed:
    text: str
    reason: str


@dataclass(frozen=True)
class CleanResult:
    text: str
    removed: tuple[Removed, ...]


# Boilerplate widgets are short; a long paragraph that merely mentions "subscribe" is body text.
_MAX_CTA_WORDS = 25
# Prefix-anchored rules (credits, "Read more:" teasers) tolerate longer captions/teaser titles.
_MAX_PREFIX_WORDS = 40
_MIN_PROMO_WORDS = 4
_MAX_PROMO_WORDS = 40
_PROMO_UPPER_RATIO = 0.85
# A paragraph of this many words or more that the text already holds, word for word, is a second rendering of
# the same block (a mobile and a desktop copy, a summary box repeated at the end, a sticky header): only its
# first occurrence is kept. Shorter lines ("Read more", "Pros", a table's labels) legitimately repeat.
_MIN_REPEAT_WORDS = 8
# List items and table rows (as trafilatura writes them) are exempt: a schedule or a spec sheet repeats rows.
_ITEM_MARKS = ("- ", "| ")
# Paragraphs opening with one of these (guillemet, English/German double quotes, single guillemet, ASCII
# quotes, left single quote) are quotations and always kept. "»" is left out on purpose: French sites use
# it as an arrow bullet ("» LIRE AUSSI - ...").
_QUOTE_START = "\u00ab\u201c\u201e\u2039\"'\u2018"

# Spacing to normalise: a run of spaces and tabs other than a lone space (becomes one space), and a space next
# to a newline (dropped). The lone space between two words matches neither, so plain text costs no substitution.
_SPACE_RUN = re.compile(r"\t[ \t]*| [ \t]+")
_SPACE_AROUND_NL = re.compile(r" \n ?|\n ")
# Typographic apostrophes (right/left single quote, modifier letter, acute, grave) and Unicode hyphens.
_APOSTROPHES = str.maketrans(
    dict.fromkeys("\u2019\u2018\u02bc\u00b4`", "'") | dict.fromkeys("\u2010\u2011", "-"))

# An imperative only counts at the start of the paragraph or of a clause ("To get the app, click here"),
# so a sentence such as "users who subscribe pay less" is not mistaken for a prompt.
_CLAUSE_MARK = r"[.!?:;,|»>\u2013\u2014]\s*"
_CLAUSE_LEAD = (
    r"[\W_]*?"
    r"(?:please |bitte |s'il vous plait,? |por favor,? |per favore,? |alstublieft,? )?"
    r"(?:now |jetzt |maintenant |ahora |ora |agora |nu )?"
)
_CLAUSE = r"(?:^|" + _CLAUSE_MARK + ")" + _CLAUSE_LEAD
# Prefix rules: the paragraph itself starts with the marker (after bullets/arrows such as "►" or ">>").
_PREFIX_LEAD = r"[\W_]*?"
_PREFIX = r"^" + _PREFIX_LEAD
_APP = r"(?:app|apps|appli|application|applicazione|aplicacion|aplicativo|aplicacao)"


def _fold(text: str) -> str:
    """Matching key only: accents, case, curly apostrophes and odd whitespace must not defeat patterns."""
    # ASCII has no accents to strip and no typographic apostrophes, only the backtick
    folded = text.replace("`", "'") if text.isascii() else strip_accents(text.translate(_APOSTROPHES))
    # str.split() and re's \s agree on what whitespace is
    return " ".join(folded.casefold().split())


def _any_of(*phrases: str) -> str:
    """Alternatives matching the phrases as `_fold` leaves them (it decomposes kana with voicing marks and
    Hangul syllables, so patterns in Chinese, Japanese and Korean must be folded the same way)."""
    return "|".join(re.escape(_fold(phrase)) for phrase in phrases)


# Chinese, Japanese and Korean text has no spaces, so a paragraph is a "word" or two to the rules' limits: their
# rules bound the paragraph's length in characters themselves.
_CJK_ACCOUNT = _any_of("ログイン", "ログアウト", "新規会員登録", "無料会員登録", "会員登録", "記事保存", "登录", "注册",
                       "登入", "註冊", "로그인", "로그아웃", "회원가입")
_CJK_CLICK_HERE = _any_of("詳しくはこちら", "会員の方はこちら", "点击这里", "点击此处", "請按此", "여기를 클릭")
_CJK_MEMBERS_ONLY = _any_of("この記事は会員限定", "有料会員限定", "有料会員の方のみ", "続きをお読みいただけます",
                            "続きを読むには", "会員登録が必要です", "会员专享", "付费阅读", "유료회원 전용")
# Tried only on paragraphs holding a Han, kana or Hangul character: an account button's label standing alone; a
# short paragraph that ends in "click here"; one that tells the reader the article is for members only.
_CJK_CHARACTER = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_CJK_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("navigation", re.compile(r"^[\W_]*(?:" + _CJK_ACCOUNT + r")[\W_]*$")),
    ("call_to_action", re.compile(r"^.{0,100}?(?:" + _CJK_CLICK_HERE + r")[\W_]*$")),
    ("call_to_action", re.compile(r"^.{0,40}?(?:" + _CJK_MEMBERS_ONLY + r").{0,60}$")),
)

_RULES: tuple[tuple[str, re.Pattern[str], int], ...] = (
    # "Click here" is unambiguous anywhere in a short paragraph ("To get the app, CLICK HERE").
    ("call_to_action", re.compile(
        r"\b(?:click here|tap here|cliquez ici|cliquer ici|appuyez ici|klicken sie hier|hier klicken"
        r"|haz clic aqui|haga clic aqui|pulsa aqui|pulse aqui|clicca qui|clique aqui|toque aqui"
        r"|klik hier|tik hier)\b"), _MAX_CTA_WORDS),
    ("call_to_action", re.compile(
        _CLAUSE + r"(?:follow us|suivez-nous|folgen sie uns|siguenos|seguici|siga-nos|sigam-nos|volg ons)\b"),
        _MAX_CTA_WORDS),
    ("app_prompt", re.compile(
        _CLAUSE + r"(?:download|get|install|try|telecharge[rz]?|obtenez|installe[rz]|laden sie|holen sie sich"
        r"|descarga(?:r|te)?|descargue|instala|scarica|installa|baixe|descarregue|instale|installeer)"
        r"(?:\W+\w+){0,4}?\W+" + _APP + r"\b"), _MAX_CTA_WORDS),
    # German and Dutch infinitive prompts put the verb last: "Jetzt die App herunterladen", "App downloaden".
    ("app_prompt", re.compile(
        _CLAUSE + r"(?:\w+\W+){0,3}?" + _APP
        + r"\s+(?:jetzt\s+)?(?:herunterladen|installieren|downloaden)\b"), _MAX_CTA_WORDS),
    ("newsletter", re.compile(
        _CLAUSE + r"(?:subscribe|abonnez-vous|abonne-toi|s'abonner|abonnieren sie|(?:newsletter |kostenlos )"
        r"?abonnieren|suscribete|suscribase|suscribirse|iscriviti|abbonati|assine|subscreva|abonneer"
        r"|sign up (?:now|here|today|for|to)\b)"), _MAX_CTA_WORDS),
    # Registration verbs are also used for ordinary appeals ("Melden Sie sich bei der Polizei"),
    # so they only count together with a newsletter/alert noun.
    ("newsletter", re.compile(
        _CLAUSE + r"(?:sign up|register|join|get|inscrivez-vous|inscris-toi|recevez|melden sie sich"
        r"|registrate|apuntate|recibe|registrati|ricevi|inscreva-se|cadastre-se|receba|meld je|meld u"
        r"|schrijf je|schrijf u|ontvang)\b.{0,60}?\b(?:newsletters?|nieuwsbrief|boletin|lettre d'information"
        r"|infolettre|mailing list|(?:e-?mail|news|push) alerts?|alertes?)\b"), _MAX_CTA_WORDS),
    ("share_prompt", re.compile(
        _CLAUSE + r"(?:share (?:this|the) (?:article|story|post|page)|share on\b|partage[rz] (?:cet|l')"
        r" ?article|partagez sur|teilen sie (?:diesen|den) (?:artikel|beitrag)"
        r"|(?:diesen |den )?(?:artikel|beitrag) teilen|compart(?:e|ir|a) (?:este|esta|la|el) (?:articulo"
        r"|noticia)|compartir en|condividi (?:questo|l'articolo|su)|compartilhe|partilhe (?:este|esta)"
        r"|deel (?:dit|dit artikel|via)\b)"), _MAX_CTA_WORDS),
    # A paragraph consisting only of a share button label.
    ("share_prompt", re.compile(
        r"^[\W_]*(?:share|partager|partagez|teilen|compartir|comparte|condividi|compartilhar|partilhar|delen)"
        r"[\W_]*$"), _MAX_CTA_WORDS),
    ("read_more", re.compile(
        _PREFIX + r"(?:read more|read also|also read|more reading|lire aussi|a lire aussi|a lire egalement"
        r"|lire egalement|lisez aussi|lesen sie auch|lesen sie mehr|weiterlesen|lee tambien|lea tambien"
        r"|leer mas|leggi anche|leggi di piu|leia tambem|leia mais|lees ook|lees meer|lees verder)\b"),
        _MAX_PREFIX_WORDS),
    # Media teasers always carry a colon or bar after the verb ("WATCH: ..."), unlike body sentences.
    ("read_more", re.compile(
        _PREFIX + r"(?:watch|listen|video|videos|audio|podcast|regardez|ecoutez|sehen sie|horen sie|mira"
        r"|escucha|guarda|ascolta|assista|ouca|kijk|luister|bekijk)\s*[:|]"), _MAX_PREFIX_WORDS),
    ("related", re.compile(
        _PREFIX + r"(?:see also|more on this|voir aussi|a voir aussi|sur le meme sujet|siehe auch"
        r"|mehr zum thema|das konnte sie auch interessieren|ver tambien|noticias relacionadas|vedi anche"
        r"|articoli correlati|veja tambem|zie ook|meer over dit onderwerp)\b"), _MAX_PREFIX_WORDS),
    # Bare "Related"/"Relacionado" must be a label (colon or nothing after), not "Related to this, ...".
    ("related", re.compile(
        _PREFIX + r"(?:related|relacionad[oa]s?|correlati|gerelateerd|verwandt)(?: (?:articles?|stories"
        r"|coverage|content|news|links?|reading))?\s*(?:[:|»>\u2013\u2014-]|$)"), _MAX_PREFIX_WORDS),
    # German "von" is left out: "Bild von der Unfallstelle zeigt ..." is a body sentence.
    ("photo_credit", re.compile(
        r"^[\W_]*(?:photo ?credit|image ?credit|credit ?photo|credits? photos?|photos?|fotos?|bild|images?"
        r"|picture|photograph|credits?|creditos?|crediti|fotografia|imagen|immagine|afbeelding|beeld)"
        r"\s*(?::|/(?!\s*debit)|\||by\b|par\b|door\b)"), _MAX_PREFIX_WORDS),  # not "credit/debit cards"
    ("photo_credit", re.compile(r"^[\s(\[]*©|^[\s(\[]*(?:ap|afp|epa|reuters|dpa|anp|ansa|efe) (?:photo|foto)\b"),
     _MAX_PREFIX_WORDS),
    ("photo_credit", re.compile(r"©\s*(?:afp|ap|reuters|getty|epa|dpa|anp|ansa|efe|shutterstock|imago"
                                r"|picture alliance)\b"), _MAX_PREFIX_WORDS),
    # A caption ending with a parenthesised credit: "... (Photo by Jane Doe/Getty Images)".
    ("photo_credit", re.compile(r"\((?:[^()]*\s)?(?:photo|foto|bild|image|credit)s?\b(?!/debit)[^()]*/[^()]*\)\W*$"),
     _MAX_PREFIX_WORDS),
    # Page furniture standing alone as a paragraph: an ad slot's label, a reading-time line, a table of contents'
    # or back-navigation label; and the site's affiliate disclosure: in the first person and about links or
    # purchases ("purchases made through our links may earn us a commission"), which neither a sentence about
    # someone else's commission ("brokers may earn a commission") nor a quoted one is.
    ("advertisement", re.compile(
        _PREFIX + r"(?:advertisement|anzeige|publicite|publicidad|pubblicita|publicidade|advertentie)[\W_]*$"),
     _MAX_CTA_WORDS),
    ("reading_time", re.compile(
        _PREFIX + r"(?:\d{1,3}\s*-?\s*(?:min(?:ute)?s?|minuten|minutos?|minuti)\.?\s+(?:read(?:ing)?(?: time)?"
        r"|de lecture|lesezeit|lesedauer|de lectura|di lettura|de leitura|leestijd)|(?:reading time|read time"
        r"|temps de lecture|lesezeit|lesedauer|tiempo de lectura|tempo di lettura|tempo de leitura|leestijd)"
        r"\s*:?\s*\d{1,3}\s*(?:min(?:ute)?s?|minuten|minutos?|minuti)\.?)[\W_]*$"), _MAX_CTA_WORDS),
    ("navigation", re.compile(
        _PREFIX + r"(?:table of contents|contents|in this article|on this page|inhaltsverzeichnis|inhalt|sommaire"
        r"|table des matieres|indice|tabla de contenidos?|sumario|inhoudsopgave|back to (?:the )?(?:blog|blogs"
        r"|top|news|articles|all articles|overview)|sign up|sign in|log ?in|register|newsletters?|home|tags"
        r"|manage (?:consent|cookies|preferences)|cookie (?:settings|preferences))"
        r"[\W_]*$"), _MAX_CTA_WORDS),
    # Anchored, with a lookahead for its words first: tried once per paragraph, not at every position.
    ("disclosure", re.compile(
        r"^(?=.*(?:amazon associate|disclosure|commission))(?:.*\bas an amazon associate\b"
        r"|[\W_]*(?:advertiser|affiliate) disclosure\b|.*\bsupported by commissions\b"
        r"|(?=.*\b(?:links?|purchases?|purchasing|buy|affiliate|qualifying)\b).*(?:\b(?:we|i) (?:may |might "
        r"|could |will )?(?:earn|receive|get|make) (?:a )?(?:small )?(?:affiliate )?commissions?\b|\bearns? "
        r"(?:us|me) (?:a )?(?:small )?commissions?\b))"), _MAX_PREFIX_WORDS),
)

# "TOKYO -", "WASHINGTON (AP) -", "PARIS, 12 mai (Reuters) -" with any dash: a wire dateline, in capitals.
_DATELINE = re.compile(
    r"^[A-ZÀ-Þ][A-ZÀ-Þ .'\u2019/-]{1,40}(?:,\s*[\w .'\u2019-]{2,40})?\s*(?:\([^)]{1,40}\)\s*)?"
    r"[-\u2013\u2014:]\s")


def split_paragraphs(text: str) -> list[str]:
    """Split on blank lines, or on single newlines when the text has no blank line at all."""
    # Spaces are collapsed over the whole text first: a line holding only spaces or tabs becomes empty, so a
    # blank line is then simply "\n\n".
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACE_AROUND_NL.sub("\n", _SPACE_RUN.sub(" ", text))
    separator = "\n\n" if "\n\n" in text else "\n"
    return [para for chunk in text.split(separator) if (para := chunk.strip())]


# No rule applies to a paragraph longer than this: it is body text, and folding it would be wasted work.
_MAX_RULE_WORDS = max(max_words for _reason, _pattern, max_words in _RULES)


def _rule_gates() -> tuple[re.Pattern[str], re.Pattern[str], tuple[re.Pattern[str], ...]]:
    """Searches that find every paragraph some rule matches, in fewer passes than the rules themselves.

    Python's re scans each of the rules over every position of the paragraph, and few paragraphs match any:
    searching them all one by one costs more than the rest of the cleaning. The clause and prefix rules
    differ only in their keywords, so two combined patterns cover them (one anchored at the paragraph start,
    one after a clause mark); the other rules are searched as they are. A paragraph that passes a gate is
    then tried against the rules in order, so the reason is the first matching rule's, as without gates.
    """
    at_start: list[str] = []
    after_mark: list[str] = []
    anywhere: list[re.Pattern[str]] = []
    for _reason, pattern, _max_words in _RULES:
        source = pattern.pattern
        if source.startswith(_CLAUSE):
            body = f"(?:{source[len(_CLAUSE):]})"
            at_start.append(_CLAUSE_LEAD + body)
            after_mark.append(body)
        elif source.startswith(_PREFIX):
            at_start.append(f"{_PREFIX_LEAD}(?:{source[len(_PREFIX):]})")
        else:
            anywhere.append(pattern)
    return (re.compile("^(?:" + "|".join(at_start) + ")"),
            re.compile(_CLAUSE_MARK + _CLAUSE_LEAD + "(?:" + "|".join(after_mark) + ")"),
            tuple(anywhere))


_GATE_AT_START, _GATE_AFTER_MARK, _UNGATED_RULES = _rule_gates()


def _byline_line(paragraph: str) -> bool:
    """'Written by Cassidy Horton' standing alone in the text: the credit, which is metadata, not the article."""
    match = BY_WORD.match(paragraph)
    return match is not None and looks_like_person(paragraph[match.end():].rstrip(" .,;:!?|-\u2013\u2014"))


def _cta_reason(paragraph: str, words: int) -> str | None:
    if words > _MAX_RULE_WORDS:
        return None
    key = _fold(paragraph)
    if _CJK_CHARACTER.search(key):
        for reason, pattern in _CJK_RULES:
            if pattern.search(key):
                return reason
    if not (_GATE_AT_START.search(key) or _GATE_AFTER_MARK.search(key)
            or any(pattern.search(key) for pattern in _UNGATED_RULES)):
        return None
    for reason, pattern, max_words in _RULES:
        if words <= max_words and pattern.search(key):
            return reason
    return None


_ASCII_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_LOWER = bytes(range(ord("a"), ord("z") + 1))


def _is_shouted(paragraph: str, words: int) -> bool:
    """Mostly upper-case letters over at least a few words; short headings like "UPDATE" are left alone."""
    if not _MIN_PROMO_WORDS <= words <= _MAX_PROMO_WORDS:
        return False
    if paragraph.isascii():  # counted in C: bytes.translate deletes one case, the length drop counts it
        raw = paragraph.encode("ascii")
        upper = len(raw) - len(raw.translate(None, _ASCII_UPPER))
        lower = len(raw) - len(raw.translate(None, _ASCII_LOWER))
    else:  # letters of caseless scripts (Thai, Chinese, Arabic ...) count as not upper-case: a Thai paragraph
        # with "DNA" in it is not shouted
        upper = sum(map(str.isupper, paragraph))
        lower = sum(map(str.isalpha, paragraph)) - upper
    if not upper + lower:
        return False
    return upper / (upper + lower) >= _PROMO_UPPER_RATIO


# Capitals that structure the article rather than promote another: a numbered section heading ("3. HOW TO
# FIND THE LEADING LINES"), a transcript's speaker ("UNIDENTIFIED PERSON #2: Yeah.") or stage direction
# ("(SOUNDBITE OF ARCHIVED RECORDING)").
_STRUCTURE = re.compile(r"^(?:\d{1,2}[.)]\s|\(|[A-Z][A-Z .'\u2019-]{1,40}(?:#\d+)?:\s(?=.*[a-z]))")


def _is_promo_headline(paragraph: str, index: int, shouted: bool, headings: Container[str]) -> bool:
    # A table row in capitals is the table's header; a heading of the page in capitals heads a section of it
    # (another story's headline promoted in the body is a link, not a heading).
    if not shouted or _STRUCTURE.match(paragraph) or paragraph.startswith("| ") or paragraph in headings:
        return False
    # The opening paragraph of wire copy starts with a capitalised dateline; that is the lede, not a teaser.
    return not (index == 0 and _DATELINE.match(paragraph))


# A site's cookie notice and its categories' descriptions (the consent plugins' own wording), in the first person
# or about "this website"; not a sentence about cookies in general, nor a biscuit.
_COOKIE_NOTICE = re.compile(
    r"\b(?:we|this (?:web ?)?site|our (?:web ?)?site|this portal) (?:uses?|is using) cookies\b"
    r"|\b(?:necessary|essential|functional|performance|analytics?|analytical|advertisement|advertising|marketing"
    r"|targeting|statistics|preference|(?:other )?uncategori[sz]ed) cookies (?:are|help|ensure|is|may|allow"
    r"|enable|collect|track)\b|\bcookie duration\b|\bcookielawinfo\b|\b(?:agree|consent) to (?:the|our) use of"
    r" cookies\b"
    r"|\bnous utilisons des cookies\b|\bce site (?:web )?utilise des cookies\b|\bwir verwenden cookies\b"
    r"|\b(?:diese|unsere) (?:web)?seite verwendet cookies\b|\b(?:website|webseite) werden cookies\b"
    r"|\bverwendung von cookies\b|\butilizamos cookies\b|\beste (?:sitio|site)(?: web)? utiliza cookies\b"
    r"|\butilizziamo (?:i )?cookie\b|\bquesto sito (?:web )?utilizza (?:i )?cookie\b|\bwij gebruiken cookies\b"
    r"|\bdeze (?:web)?site gebruikt cookies\b")
_MAX_COOKIE_WORDS = 80
# Cookie notices go only from a text with at least this many words besides them.
_MIN_WORDS_BESIDE_COOKIES = 50


def _is_cookie_notice(paragraph: str) -> bool:
    return ("ookie" in paragraph or "OOKIE" in paragraph) and _COOKIE_NOTICE.search(_fold(paragraph)) is not None


# The author's bio closing an article ("Jane Doe is a freelance writer living in ...", "Jane Doe, a writer for The
# Courier, has tested ..."): one of the last paragraphs, opening with the full name of one of the article's authors
# and a verb that describes her. A bio is metadata, as the byline is; a paragraph about the author elsewhere in the
# text (an interview, a profile she wrote of herself) stays.
_BIO_TAIL = 3
_MAX_BIO_WORDS = 120
_BIO_VERB = (r"(?:,[^.]{0,80},)?\s+(?:is|was|has|writes|covers|specializes|specialises|joined|brings|holds|leads"
             r"|serves|est|ist|es|è|é)\b")


def _bio_opening(authors: Iterable[str]) -> re.Pattern[str] | None:
    names = sorted({name for name in authors if len(name.split()) >= 2}, key=len, reverse=True)
    return re.compile("^(?:" + "|".join(map(re.escape, names)) + ")" + _BIO_VERB) if names else None


def clean_text(text: str, language: str | None = None, headings: Container[str] = (),
               authors: Iterable[str] = ()) -> CleanResult:
    """Drop boilerplate paragraphs, keeping every other paragraph unchanged and in order.

    ``language`` is accepted for callers that know it, but every language's patterns are applied:
    language hints are often wrong and widgets are frequently in another language than the body.
    ``headings``: the page's headings (h1-h6, whitespace collapsed), which are never promo headlines.
    ``authors``: the article's authors, whose bio closing the text goes (``_BIO_TAIL``).
    """
    paragraphs = split_paragraphs(text)
    bio = _bio_opening(authors)
    words = [len(p.split()) for p in paragraphs]
    # Some wire feeds are entirely upper case; then capitals carry no signal and nothing is a promo.
    shouts = [_is_shouted(p, n) for p, n in zip(paragraphs, words, strict=True)]
    promo_enabled = sum(shouts) * 2 <= len(paragraphs)
    verdicts: list[str | None] = []  # each paragraph's reason for removal, None to keep it
    seen: set[str] = set()
    for index, paragraph in enumerate(paragraphs):
        if words[index] >= _MIN_REPEAT_WORDS and not paragraph.startswith(_ITEM_MARKS):
            key = paragraph.casefold()
            if key in seen:
                verdicts.append("repeated")
                continue
            seen.add(key)
        # Quotations are reported speech, never page furniture, even when they say "subscribe" or shout.
        quoted = paragraph[0] in _QUOTE_START
        reason = None if quoted else _cta_reason(paragraph, words[index])
        if reason is None and words[index] <= 6 and _byline_line(paragraph):
            reason = "byline"
        if (reason is None and not quoted and promo_enabled
                and _is_promo_headline(paragraph, index, shouts[index], headings)):
            reason = "promo_headline"
        if reason is None and not quoted and words[index] <= _MAX_COOKIE_WORDS and _is_cookie_notice(paragraph):
            reason = "cookie_notice"
        if (reason is None and bio is not None and max(1, len(paragraphs) - _BIO_TAIL) <= index
                and words[index] <= _MAX_BIO_WORDS and bio.match(paragraph)):
            reason = "author_bio"
        verdicts.append(reason)
    # A page that is nothing but its cookie notice is a consent wall, and its text says so (access_status).
    if "cookie_notice" in verdicts and sum(n for n, v in zip(words, verdicts, strict=True) if v is None) < (
            _MIN_WORDS_BESIDE_COOKIES):
        verdicts = [None if v == "cookie_notice" else v for v in verdicts]
    kept = [p for p, v in zip(paragraphs, verdicts, strict=True) if v is None]
    removed = tuple(Removed(text=p, reason=v) for p, v in zip(paragraphs, verdicts, strict=True) if v is not None)
    return CleanResult(text="\n\n".join(kept), removed=removed)
