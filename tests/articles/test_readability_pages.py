"""Every article and page reads at US grade 8 or lower as a visitor sees it: the whole page as
rendered (title, summary, review box, body, shared facts, calls to action), each summary on
its own, and each FAQ answer on its own. Abbreviations are spelled out at first use."""

import re

import frontmatter
import pytest

from articles.content import load_content
from articles.readability import flesch_kincaid_grade, html_to_plain_text

from .content_pages import ARTICLE_FILES, PAGE_FILES, article_urls, main_html, page_urls, prose_html, visible_text

MAX_GRADE = 8
# The privacy notice's front matter belongs to the cookie-list work (another change); its body
# and whole page are still measured below.

SPELLED_OUT = {
    "FDA": "Food and Drug Administration",
    "NMDA": "N-methyl-D-aspartate",
    "REMS": "Risk Evaluation and Mitigation Strategy",
    "SSRI": "selective serotonin reuptake inhibitor",
    "MAOI": "monoamine oxidase inhibitor",
    "PTSD": "post-traumatic stress disorder",
    "KAP": "ketamine-assisted psychotherapy",
    "ECT": "electroconvulsive therapy",
    "TMS": "transcranial magnetic stimulation",
    "DEA": "Drug Enforcement Administration",
}


@pytest.fixture
def loaded(db):
    return load_content()


def test_whole_page_as_rendered_reads_at_grade_8_or_lower(client, loaded):
    for url in article_urls() + page_urls():
        text = visible_text(main_html(client.get(url)))
        assert len(text.split()) > 150, f"{url}: too little text measured"
        grade = flesch_kincaid_grade(text)
        assert grade <= MAX_GRADE, f"{url}: grade {grade}"


@pytest.mark.parametrize("path", ARTICLE_FILES + PAGE_FILES, ids=lambda path: path.stem)
def test_every_summary_reads_at_grade_8_or_lower(path):
    post = frontmatter.load(path)
    grade = flesch_kincaid_grade(post["summary"])
    assert grade <= MAX_GRADE, f"{path.name}: summary grade {grade}"


def test_every_faq_answer_reads_at_grade_8_or_lower(client, loaded):
    prose = prose_html(main_html(client.get("/faq/")))
    answers = re.split(r"<h3[^>]*>.*?</h3>", prose, flags=re.DOTALL)[1:]
    assert len(answers) >= 10
    for answer in answers:
        answer = re.split(r"<h2", answer)[0]
        text = html_to_plain_text(answer)
        grade = flesch_kincaid_grade(text)
        assert grade <= MAX_GRADE, f"FAQ answer at grade {grade}: {text[:80]}"


def test_abbreviations_are_spelled_out_at_first_use(client, loaded):
    # The title, summary and headings may use a short form; the first use in the running text
    # says what it stands for.
    problems = []
    for url in article_urls() + page_urls():
        prose = prose_html(main_html(client.get(url)))
        body = html_to_plain_text(re.sub(r"<h[1-4][^>]*>.*?</h[1-4]>", " ", prose, flags=re.DOTALL))
        for short, long in SPELLED_OUT.items():
            first = re.search(rf"\b{short}s?\b", body)
            if first and long.lower() not in body[max(0, first.start() - 120) : first.end() + 120].lower():
                problems.append(f"{url}: {short} at {body[first.start() - 60 : first.end() + 20]!r}")
    assert not problems, "\n".join(problems)
