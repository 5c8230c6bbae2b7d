"""Help while writing, shown on the admin's edit page: how hard the text is to read (everything
the reader sees: title, summary, body), its hardest sentences, references, missing alt text,
and wording that safe-messaging guidelines on suicide ask writers to avoid."""

import re
from dataclasses import dataclass, field

from .readability import SPANISH_MIN_EASE, markdown_to_plain_text, readability

TARGET_GRADE = 8
HARDEST_SENTENCES = 5

RECOMMENDATIONS = "Recommendations for Reporting on Suicide (reportingonsuicide.org)"
LIFELINE = "988 Suicide & Crisis Lifeline safe messaging guidelines"
AFSP = "AFSP safe messaging guidelines for suicide"

# (pattern, what to write instead or why, the guideline it comes from)
SAFE_MESSAGING_RULES = [
    (r"\bcommit(?:s|ted|ting)? suicide\b", 'Say "died by suicide" or "took their own life": "commit" suggests a crime.',
     RECOMMENDATIONS),
    (r"\b(?:successful|failed|unsuccessful|completed) (?:suicide|attempt)\w*",
     'Say "died by suicide" or "survived a suicide attempt": success and failure do not fit.', RECOMMENDATIONS),
    (r"\bsuicide (?:epidemic|crisis|wave|spike)\b|\bepidemic\b",
     'Avoid "epidemic" and similar words: they sensationalise. Give numbers plainly instead.', RECOMMENDATIONS),
    (r"\b(?:skyrocket\w*|soaring|shocking|alarming|tragic(?:ally)?|horrific|surg(?:e|ing) in)\b",
     "Avoid sensational words; plain, calm facts are safer for readers at risk.", RECOMMENDATIONS),
    (r"\b(?:hang(?:ed|ing) (?:himself|herself|themselves|myself)|noose|slit (?:his|her|their|my) wrists?"
     r"|jump(?:ed|ing)? (?:off|from) (?:a|the) (?:bridge|building|roof)|lethal dose|how many pills"
     r"|(?:shot|shoot(?:ing)?) (?:himself|herself|themselves|myself)|overdos(?:e|ed) on \w+)",
     "Do not describe suicide methods or amounts: details can put readers at risk.", LIFELINE),
    (r"\b(?:suicide|died by suicide)\b[^.]{0,80}\b(?:because|caused by|due to)\b",
     "Avoid giving one simple cause for a suicide; suicide has many causes.", RECOMMENDATIONS),
    (r"\b(?:selfish|cowardly|the easy way out|nothing (?:could|can) be done)\b",
     "Avoid blame and hopelessness; say that help works and people recover.", AFSP),
]
_SAFE_MESSAGING = [
    (re.compile(pattern, re.IGNORECASE), advice, guide) for pattern, advice, guide in SAFE_MESSAGING_RULES
]
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)[^)]*\)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass
class WritingReport:
    grade: float  # for Spanish, the Fernández-Huerta ease (see `measure`)
    hardest: list = field(default_factory=list)  # (grade, sentence), hardest first, past the target
    reference_count: int = 0
    missing_alt: list = field(default_factory=list)  # what lacks alt text
    safe_messaging: list = field(default_factory=list)  # (words found, advice, guideline)
    target_grade: int = TARGET_GRADE
    language: str = "en"

    @property
    def too_hard(self):
        return readability_too_hard(self.grade, self.language)

    @property
    def measure(self):
        """What the score is, in words for staff."""
        return "Spanish reading ease (Fernández-Huerta)" if self.language == "es" else "Reading grade"

    @property
    def aim(self):
        return f"{SPANISH_MIN_EASE} or higher" if self.language == "es" else f"{self.target_grade} or lower"


def readability_too_hard(score, language):
    return score < SPANISH_MIN_EASE if language == "es" else score > TARGET_GRADE


def sentences(text):
    return [s.strip() for s in _SENTENCE_END.split(text) if len(s.split()) >= 3]


def check_writing(title, summary, body, *, reference_count=0, hero_image=False, hero_alt="", language="en"):
    """Everything a reader sees, as one text: title and summary are sentences too. Spanish text
    is measured with the Spanish reading ease (readability.readability)."""
    plain_body = markdown_to_plain_text(body or "")
    heading = ". ".join(part.strip().rstrip(".") for part in [title or "", summary or ""] if part.strip())
    everything = f"{heading}. {plain_body}" if heading else plain_body
    grade = readability(everything, language)[0] if everything.strip() else 0.0
    graded = [(readability(sentence, language), sentence) for sentence in sentences(everything)]
    # Hardest first: the highest grade, or for Spanish the lowest ease.
    hardest = sorted(
        ((score, sentence) for (score, too_hard), sentence in graded if too_hard),
        key=lambda g: g[0] if language == "es" else -g[0],
    )[:HARDEST_SENTENCES]
    missing_alt = [f"Image {src} in the body" for alt, src in _IMAGE.findall(body or "") if not alt.strip()]
    if hero_image and not (hero_alt or "").strip():
        missing_alt.insert(0, "The hero image")
    found = []
    for pattern, advice, guide in _SAFE_MESSAGING:
        for match in pattern.finditer(f"{title}\n{summary}\n{body}"):
            found.append((match.group(0), advice, guide))
    return WritingReport(
        grade=grade, hardest=hardest, reference_count=reference_count, missing_alt=missing_alt, safe_messaging=found,
        language=language,
    )
