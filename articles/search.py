"""Article search, ranked by relevance on both databases: PostgreSQL full-text search (weighted
title, summary, body) and SQLite's FTS5 (bm25 with the same weights, in the table
`articles_article_fts` that migration 0004 makes and Article.save keeps up to date).

People search the way they speak: "price" when the page says "cost", "Spravato" when it says
"esketamine", "ketamin" or "insurence". So each word also matches its synonyms (SYNONYMS), and
when nothing matches, misspelled words are corrected against the words our articles and pages
use (difflib's ratio, a maintained standard-library edit-distance measure)."""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache, reduce
from operator import and_, or_

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import F, Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.utils.translation import get_language

SEARCH_CONFIG = "english"
# PostgreSQL's text search configuration for each language (its stemmer and stop words).
SEARCH_CONFIGS = {"en": "english", "es": "spanish"}
MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
FTS_TABLE = "articles_article_fts"
# Title, summary and body weigh as PostgreSQL's A, B and C do.
FTS_WEIGHTS = (10.0, 4.0, 1.0)

# Words people use for the same thing. Each group is searched as one: any of its words matches.
SYNONYMS = [
    {"price", "prices", "cost", "costs", "fee", "fees", "pay", "paying", "payment", "afford", "expensive",
     "charge", "charges"},
    {"insurance", "insurer", "insurers", "insured", "coverage", "covered", "medicare", "medicaid"},
    {"spravato", "esketamine"},
    {"ptsd", "trauma", "traumatic"},
    {"depression", "depressed", "depressive"},
    {"anxiety", "anxious", "panic"},
    {"addiction", "addictive", "dependence", "dependent", "misuse", "abuse"},
    {"therapy", "therapist", "psychotherapy", "counseling", "counselling", "counselor"},
    {"side", "adverse"},
    {"safe", "safety", "risk", "risks", "risky"},
    {"legal", "law", "laws", "legally"},
    {"kap", "ketamine"},
    # Spanish (words are compared without accents: see fold).
    {"precio", "precios", "costo", "costos", "cuesta", "cuestan", "pagar", "pago", "tarifa", "tarifas", "caro"},
    {"aseguranza", "cobertura", "medicare", "medicaid", "seguros"},
    {"esketamina", "spravato"},
    {"tept", "trauma", "traumatico", "postraumatico"},
    {"depresion", "deprimido", "deprimida", "depresivo"},
    {"ansiedad", "ansioso", "ansiosa", "panico", "angustia"},
    {"adiccion", "adictivo", "dependencia", "abuso"},
    {"terapia", "terapeuta", "psicoterapia", "consejeria"},
    {"riesgo", "riesgos", "seguridad", "peligro"},
    {"legal", "ley", "leyes"},
    {"kap", "ketamina"},
]
# A word in several groups (e.g. "spravato" in English and in Spanish) finds all of them.
_SYNONYMS_OF = {}
for _group in SYNONYMS:
    for _word in _group:
        _SYNONYMS_OF[_word] = _SYNONYMS_OF.get(_word, frozenset()) | _group

# Words too common to narrow a search (PostgreSQL's english configuration drops them too).
STOP_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from", "has", "have",
    "how", "i", "if", "in", "is", "it", "its", "me", "my", "of", "on", "or", "our", "so", "that", "the", "their",
    "them", "there", "these", "they", "this", "to", "was", "we", "what", "when", "where", "which", "who", "why",
    "will", "with", "you", "your", "about", "much", "many", "any",
))
STOP_WORDS_ES = frozenset((  # written without accents (see fold)
    "el", "la", "los", "las", "un", "una", "unos", "unas", "de", "del", "al", "y", "o", "u", "e", "en", "es",
    "son", "que", "se", "su", "sus", "mi", "mis", "lo", "le", "les", "por", "para", "con", "sin", "como",
    "cuanto", "cuanta", "cual", "cuales", "donde", "cuando", "quien", "yo", "usted", "ustedes", "tu", "te",
    "nos", "hay", "ser", "esta", "este", "esto", "eso", "mas", "muy", "si", "no", "ya", "puedo", "puede",
))
WORD = re.compile(r"\w+")


def fold(text):
    """Lower case without accents: "Depresión" and "depresion" are one word to search, as people
    often type Spanish without accents (SQLite's index folds them the same way)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_config(language):
    return SEARCH_CONFIGS.get(language, SEARCH_CONFIG)


def search_vector(body_text=None, language="en", title=None, summary=None):
    """Weighted title, summary and body. `body_text`: the body as a reader reads it (see
    readers_text); without it the stored Markdown (the benchmark's generated rows have no
    citations or shared facts). Spanish text is indexed without accents (fold) with
    PostgreSQL's Spanish stemmer."""
    config = search_config(language)

    def part(column, text, weight):
        if language == "en":
            source = column if text is None else Value(text, output_field=TextField())
        else:
            source = Value(fold(text or ""), output_field=TextField())
        return SearchVector(source, weight=weight, config=config)

    return part("title", title, "A") + part("summary", summary, "B") + part("body", body_text, "C")


def readers_text(body):
    """What search should match: shared facts written out, citation marks ([^key]) left out,
    so a fact's sentence is found and a source's key is not."""
    from .markup import expand_facts_in_markdown

    return expand_facts_in_markdown(body)


def vendor(queryset):
    return connections[queryset.db].vendor


def is_postgresql(queryset):
    return vendor(queryset) == "postgresql"


def refresh_search_document(article):
    """Keep the article's search index up to date after a save."""
    queryset = type(article).objects.filter(pk=article.pk)
    body = readers_text(article.body)
    if is_postgresql(queryset):
        queryset.update(search_document=search_vector(body, article.language, article.title, article.summary))
    elif vendor(queryset) == "sqlite":
        write_fts_row(connections[queryset.db], article.pk, article.title, article.summary, body)


def write_fts_row(connection, pk, title, summary, body):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [pk])  # noqa: S608 (a constant name)
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",  # noqa: S608
            [pk, title, summary, body],
        )


def clean_query(raw):
    """What a visitor typed, as a search: printable characters, single spaces, bounded length."""
    printable = "".join(ch if ch.isprintable() else " " for ch in raw)
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def query_words(query):
    """The words of a query that narrow a search (lower case, no accents, no stop words of the
    page's language, at most ten). Only stop words ("how much is it")? Then those words, so a
    search still happens."""
    stop_words = STOP_WORDS_ES if (get_language() or "en").startswith("es") else STOP_WORDS
    words = [fold(word) for word in WORD.findall(query)][: MAX_WORDS * 2]
    meaningful = [word for word in words if word not in stop_words]
    return (meaningful or words)[:MAX_WORDS]


def alternatives(word):
    """The word and its synonyms, the word first."""
    return [word, *sorted(_SYNONYMS_OF.get(word, set()) - {word})]


def whole_word(word):
    """A regular expression for the word (or its plural) standing alone, not inside another word
    ("fee" must not find "feel"), that Python (SQLite) and PostgreSQL read alike."""
    return rf"(^|[^a-z0-9]){re.escape(word)}(s|es)?([^a-z0-9]|$)"


def contains_every_word(query, fields=("title", "summary", "body")):
    """A condition: each word of the query (or one of its synonyms) is a word in one of `fields`,
    in any case. None when the query has no words."""
    words = query_words(query)
    if not words:
        return None
    return reduce(and_, [
        reduce(or_, [Q(**{f"{name}__iregex": whole_word(alt)}) for alt in alternatives(word) for name in fields])
        for word in words
    ])


def _postgresql_query(words, language):
    config = search_config(language)
    per_word = [
        reduce(or_, [SearchQuery(alt, search_type="plain", config=config) for alt in alternatives(word)])
        for word in words
    ]
    return reduce(and_, per_word)


def _fts5_expression(words):
    """An FTS5 MATCH expression: every word (any of its synonyms), each quoted as a string."""
    def quoted(term):
        return '"' + term.replace('"', '""') + '"'

    return " AND ".join("(" + " OR ".join(quoted(alt) for alt in alternatives(word)) + ")" for word in words)


def search_articles(queryset, query, language="en"):
    """Articles (in `language`: the queryset is already limited to it) matching every word of
    `query` (or a synonym), most relevant first."""
    words = query_words(clean_query(query))
    if not words:
        return queryset.none()
    if is_postgresql(queryset):
        search_query = _postgresql_query(words, language)
        # Ranking reads every candidate's document; ranking only the newest matches keeps a
        # broad search's cost flat as the library grows (relevance is judged among these).
        candidates = (
            queryset.filter(search_document=search_query)
            .order_by("-publish_at")
            .values("pk")[: settings.ARTICLE_LIST_LIMIT]
        )
        return (
            queryset.filter(pk__in=candidates)
            .annotate(rank=SearchRank(F("search_document"), search_query))
            .order_by("-rank", "-publish_at")
        )
    if vendor(queryset) == "sqlite":
        expression = _fts5_expression(words)
        table = queryset.model._meta.db_table
        weights = ", ".join(str(weight) for weight in FTS_WEIGHTS)
        # bm25() is lower for a better match. The table names are our own constants.
        rank = RawSQL(  # noqa: S611 (the text is a parameter; names and weights are constants)
            f"SELECT bm25({FTS_TABLE}, {weights}) FROM {FTS_TABLE} "  # noqa: S608
            f"WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid = {table}.id",
            [expression],
        )
        matches = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression])  # noqa: S608,S611
        return queryset.filter(pk__in=matches).annotate(rank=rank).order_by("rank", "-publish_at")
    return queryset.filter(contains_every_word(" ".join(words))).order_by("-publish_at")


# Pages and misspellings -----------------------------------------------------------------------------

def _words_in(text):
    return {fold(word) for word in WORD.findall(text)}


def matching_pages(pages, query):
    """The pages (already loaded: there are only a few) that contain every word of the query, or
    one of its synonyms, as a word (or its plural): the same rule as contains_every_word. The
    best first: a word in the title counts most, then in the summary, as for articles."""
    words = query_words(query)
    if not words:
        return []

    def has(text, word):
        return any(alt in text or alt + "s" in text or alt + "es" in text for alt in alternatives(word))

    scored = []
    for position, page in enumerate(pages):
        title, summary, body = _words_in(page.title), _words_in(page.summary), _words_in(page.body)
        if all(has(title | summary | body, word) for word in words):
            score = sum(3 * has(title, word) + 2 * has(summary, word) for word in words)
            scored.append((-score, position, page))
    return [page for _score, _position, page in sorted(scored, key=lambda item: item[:2])][:5]


def site_vocabulary(pages, article_queryset=None):
    """The words our pages (and, when given, our public articles' titles and summaries) use, with
    the synonym list: what a misspelled word is corrected to."""
    words = set(_pages_vocabulary(tuple((page.title, page.summary, page.body) for page in pages)))
    if article_queryset is not None:
        rows = article_queryset.order_by("-publish_at").values_list("title", "summary")[: settings.ARTICLE_LIST_LIMIT]
        words.update(_vocabulary_of(f"{title} {summary}" for title, summary in rows))
    return words


@lru_cache(maxsize=8)
def _pages_vocabulary(page_texts):
    """Kept per version of the pages' text: a search reads it on every request."""
    return frozenset(_SYNONYMS_OF) | _vocabulary_of(
        f"{title} {summary} {readers_text(body)}" for title, summary, body in page_texts
    )


def _vocabulary_of(texts):
    """The words a misspelling may be corrected to: not stop words ("niños" is not "nos")."""
    return frozenset(
        word for text in texts for word in _words_in(text)
        if len(word) > 3 and not word.isdigit() and word not in STOP_WORDS and word not in STOP_WORDS_ES
    )


def needs_no_correction(word, vocabulary):
    return word in vocabulary or len(word) < 4 or word.isdigit()


def corrected_query(query, vocabulary):
    """The query with each unknown word replaced by the closest word we use, or None when no
    word needed correcting (or none could be)."""
    words = query_words(query)
    corrected, changed = [], False
    for word in words:
        if needs_no_correction(word, vocabulary):
            corrected.append(word)
            continue
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
        if close:
            corrected.append(close[0])
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else None


@dataclass
class SearchOutcome:
    """What the search page shows: the articles, the pages, and, when the words as typed found
    no article, the corrected words that did."""

    query: str
    articles: object
    pages: list = field(default_factory=list)
    corrected: str | None = None


def search_site(article_queryset, page_queryset, query, language="en"):
    """Search articles and pages (both already limited to `language`). Usual cost: one query for
    the pages (then the list's count and page). Only when a word is not one our pages use do we
    ask whether any article matched as typed, and only when none did are the articles' titles
    read to correct a misspelling."""
    query = clean_query(query)
    articles = search_articles(article_queryset, query, language)
    if not query_words(query):
        return SearchOutcome(query, articles)
    pages = list(page_queryset.only("title", "slug", "language", "summary", "body"))
    found_pages = matching_pages(pages, query)
    if all(needs_no_correction(word, site_vocabulary(pages)) for word in query_words(query)):
        # Every word is one our pages use: nothing to correct, so no need to ask whether any
        # article matched as typed.
        return SearchOutcome(query, articles, found_pages)
    if not articles.exists():
        corrected = corrected_query(query, site_vocabulary(pages, article_queryset))
        if corrected:
            return SearchOutcome(query, search_articles(article_queryset, corrected, language),
                                 found_pages or matching_pages(pages, corrected), corrected)
    elif not found_pages:
        # The articles matched as typed; a page may still use the correctly spelled word.
        corrected = corrected_query(query, site_vocabulary(pages))
        found_pages = matching_pages(pages, corrected) if corrected else []
    return SearchOutcome(query, articles, found_pages)
