"""The crisis check, measured on the labelled sets in crisis_eval/ (see its README), each written by
a different author without seeing the detector: it must find at least 97% of at-risk messages
and flag at most 5% of the safe ones, hard negatives included, in English and in Spanish alike (the
Spanish rows of every set, and spanish.tsv and spanish2.tsv each on their own)."""

import csv
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from consultations.crisis import assess, mentions_crisis

EVAL_DIR = Path(__file__).parent / "crisis_eval"
EVAL_FILES = sorted(EVAL_DIR.glob("*.tsv"))
MIN_RECALL = 0.97
MAX_FALSE_ALARMS = 0.05
RISK_CATEGORIES = {"direct", "passive", "plan_means", "past_attempt", "self_harm", "goodbye_burden", "third_person",
                   "slang_textspeak", "spanish", "negated_but_risk"}
# spanish.tsv files its Spanish-only risk messages that fit no other category (regional
# expressions) under spanish_misc; the other sets call theirs spanish.
SPANISH_CATEGORIES = {"spanish", "spanish_misc"}
SAFE_CATEGORIES = {"negation", "quotation_history_clinical", "hard_negative", "ordinary"}


def labelled_messages(files=EVAL_FILES):
    rows = []
    for path in files:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            rows += [{**row, "file": path.name} for row in reader]
    return rows


def confusion(rows):
    by_category = defaultdict(Counter)
    for row in rows:
        flagged = mentions_crisis(row["text"])
        by_category[(row["label"], row["category"])][flagged] += 1
    return by_category


def table(by_category):
    lines = [f"{'label':<6} {'category':<28} {'n':>4} {'flagged':>8} {'rate':>6}"]
    for (label, category), counts in sorted(by_category.items()):
        total = counts[True] + counts[False]
        lines.append(f"{label:<6} {category:<28} {total:>4} {counts[True]:>8} {counts[True] / total:>6.1%}")
    return "\n".join(lines)


def test_the_evaluation_set_is_large_and_covers_every_kind_of_message():
    rows = labelled_messages()
    categories = Counter((row["label"], row["category"]) for row in rows)
    assert len(rows) >= 300
    assert len({row["text"].lower() for row in rows}) == len(rows)
    assert all(row["lang"] in {"en", "es"} for row in rows)
    assert {label for label, _category in categories} == {"risk", "safe"}
    assert {category for label, category in categories if label == "risk"} <= RISK_CATEGORIES | SPANISH_CATEGORIES
    assert {category for label, category in categories if label == "safe"} <= SAFE_CATEGORIES
    for needed in RISK_CATEGORIES - {"spanish"}:
        assert categories[("risk", needed)] >= 10, needed
    assert sum(categories[("risk", category)] for category in SPANISH_CATEGORIES) >= 10
    for needed in SAFE_CATEGORIES:
        assert categories[("safe", needed)] >= 10, needed


def test_detector_finds_at_risk_messages_and_rarely_flags_safe_ones(capsys):
    rows = labelled_messages()
    by_category = confusion(rows)
    risk = [row for row in rows if row["label"] == "risk"]
    safe = [row for row in rows if row["label"] == "safe"]
    hard = [row for row in safe if row["category"] == "hard_negative"]
    recall = sum(mentions_crisis(row["text"]) for row in risk) / len(risk)
    false_alarms = sum(mentions_crisis(row["text"]) for row in safe) / len(safe)
    hard_false_alarms = sum(mentions_crisis(row["text"]) for row in hard) / len(hard)
    missed = [row["text"] for row in risk if not mentions_crisis(row["text"])]
    wrongly = [row["text"] for row in safe if mentions_crisis(row["text"])]
    with capsys.disabled():
        print("\nCrisis check on", ", ".join(path.name for path in EVAL_FILES))
        print(table(by_category))
        for path in EVAL_FILES:
            part = [row for row in rows if row["file"] == path.name]
            found = [mentions_crisis(row["text"]) for row in part if row["label"] == "risk"]
            alarms = [mentions_crisis(row["text"]) for row in part if row["label"] == "safe"]
            print(f"  {path.name}: recall {sum(found) / len(found):.1%}, false alarms {sum(alarms) / len(alarms):.1%}")
        print(f"recall {recall:.1%} (at risk found {len(risk) - len(missed)}/{len(risk)}); "
              f"false alarms {false_alarms:.1%} of safe, {hard_false_alarms:.1%} of hard negatives")
    assert recall >= MIN_RECALL, missed
    assert hard_false_alarms <= MAX_FALSE_ALARMS, wrongly
    assert false_alarms <= MAX_FALSE_ALARMS, wrongly


@pytest.mark.parametrize("part", ["en", "es", "spanish.tsv", "spanish2.tsv"])
def test_spanish_is_read_as_well_as_english(part):
    """The same bar for each language: every set's rows in that language, and each blind Spanish set."""
    rows = [row for row in labelled_messages() if part in (row["lang"], row["file"])]
    risk = [row["text"] for row in rows if row["label"] == "risk"]
    safe = [row["text"] for row in rows if row["label"] == "safe"]
    missed = [text for text in risk if not mentions_crisis(text)]
    wrongly = [text for text in safe if mentions_crisis(text)]
    least_risk, least_safe = (90, 70) if part == "spanish2.tsv" else (100, 80)
    assert len(risk) >= least_risk and len(safe) >= least_safe
    assert 1 - len(missed) / len(risk) >= MIN_RECALL, missed
    assert len(wrongly) / len(safe) <= MAX_FALSE_ALARMS, wrongly


def test_staff_see_why_a_message_was_flagged():
    check = assess("Honestly everyone would be better off without me.")
    assert check.at_risk
    assert 'matched: "better off without me"' in check.summary


@pytest.mark.parametrize("text", [
    "", "   ", "\x00\x01", "😀" * 5000, "a" * 200_000, "no " * 50_000, "¿Qué? 你好 مرحبا 🙂 I'm fine, gracias",
    "kill " * 20_000, "\n".join(["but"] * 10_000), "'" * 10_000,
])
def test_odd_input_never_errors(text):
    assert isinstance(assess(text).at_risk, bool)


def test_mixed_languages_and_text_speak_are_read():
    assert mentions_crisis("la neta ya no quiero vivir, I'm so tired of everything")
    assert mentions_crisis("i rly wanna d1e tbh")
    assert not mentions_crisis("Hola! 40 kms de distancia, is that ok? gracias 🙏")
