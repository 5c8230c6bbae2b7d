"""A large, realistic corpus made fast: thousands of articles, their topics and references, and
consultation requests, on top of the real content that `load_content` put in the database.

Article.save() is too slow to call ten thousand times (textstat grades every body, and every
save refreshes the search document), so rows are built in Python and written with bulk_create:

- bodies are assembled from the sections (## headings) of the real articles, plus a generated
  opening paragraph, so the words are the site's own and full-text search ranks real text;
- each section's HTML is rendered once and reused, so body_html matches body without rendering
  Markdown per article; readability and hero renditions are taken from the real articles;
- topics go in through the many-to-many table, references with bulk_create, and each article's
  reference_list (the copy the page reads) is filled as the row is built;
- the search document of every article is computed by one UPDATE with the app's own
  search_vector(), then VACUUM ANALYZE leaves the tables as autovacuum would.

Runs inside the Django process started by app_tasks.py.
"""

import datetime
import html
import random
import time
import uuid

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.markup import render_markdown
from articles.models import Article, Reference, Topic, Workflow
from articles.readability import reading_time_minutes
from articles.search import search_vector
from articles.workflow import text_hash
from consultations.models import REFERENCE_ALPHABET, REFERENCE_LENGTH, ConsultationRequest
from kap_site.page_cache import bump_content_version
from practice.models import Clinician

SUBJECTS = [
    "depression", "treatment-resistant depression", "anxiety", "PTSD", "grief", "chronic pain", "OCD",
    "burnout", "postpartum depression", "bipolar depression", "social anxiety", "childhood trauma",
    "insomnia", "alcohol use", "end-of-life distress", "eating disorders", "panic attacks", "moral injury",
    "caregiver stress", "loneliness", "perfectionism", "chronic illness", "seasonal depression", "shame",
]
TITLE_FRAMES = [
    "Ketamine-assisted psychotherapy for {s}",
    "What to know about {s} and ketamine",
    "{S}: questions to ask before KAP",
    "Living with {s}: how therapy and medicine fit together",
    "A plain guide to care for {s}",
    "{S} and the integration sessions",
    "Safety first: {s} and ketamine",
    "How we screen for {s}",
    "Supporting a loved one through {s}",
    "Research notes on {s}",
    "When {s} has not lifted with other care",
    "Preparing for KAP when you live with {s}",
]
AUDIENCES = [
    "adults", "veterans", "parents", "older adults", "students", "health workers", "partners and families",
    "first responders", "people new to therapy", "people who have tried several medicines",
]
ANGLES = [
    "what the research shows", "what a session is like", "the risks and how we reduce them",
    "costs and insurance", "how to prepare", "what happens after treatment", "who should wait",
    "how therapy helps the medicine work", "how to talk with your doctor", "what recovery can look like",
]
FIRST_NAMES = ["Alex", "Maria", "Sam", "Priya", "Jordan", "Wei", "Fatima", "Luis", "Hannah", "Kofi", "Noor", "Eli"]
LAST_NAMES = ["Rivera", "Chen", "Okafor", "Nguyen", "Smith", "Haddad", "Kowalski", "Garcia", "Brown", "Ito"]
STATES = ["CA", "CA", "CA", "OR", "OR", "WA", "NV", "TX", "NY"]
MESSAGES = [
    "I have tried two antidepressants and would like to know if KAP could help.",
    "My therapist suggested I ask about ketamine for PTSD.",
    "Anxiety keeps me from working. What does the first appointment involve?",
    "",
]


def split_sections(markdown_body):
    """The article's opening and each of its ## sections, as separate Markdown blocks."""
    sections, current = [], []
    for line in markdown_body.splitlines():
        if line.startswith("## ") and current:
            sections.append("\n".join(current).strip())
            current = []
        current.append(line)
    if current:
        sections.append("\n".join(current).strip())
    return [section for section in sections if section]


def section_pool(real_articles):
    """(markdown, html, reading grade) for every section of every real article; each rendered once."""
    pool = []
    for article in real_articles:
        for section in split_sections(article.body):
            pool.append((section, render_markdown(section), article.readability_grade))
    return pool


def reference_pool():
    seen, pool = set(), []
    for title, publisher, year, url in Reference.objects.values_list("title", "publisher", "year", "url"):
        if url not in seen:
            seen.add(url)
            pool.append({"title": title, "publisher": publisher, "year": year, "url": url})
    return pool


def build_article(number, rng, now, sections, heroes, references, reviewer_id):
    subject = rng.choice(SUBJECTS)
    frame = rng.choice(TITLE_FRAMES)
    title = frame.format(s=subject, S=subject[0].upper() + subject[1:])
    audience, angle = rng.choice(AUDIENCES), rng.choice(ANGLES)
    summary = f"Plain answers for {audience} about {subject}: {angle}, and where to learn more."
    opening = (
        f"This article is for {audience} thinking about {subject}. It covers {angle}, in plain words, "
        f"and says what we do and do not know yet. Read it with someone you trust if that helps."
    )
    chosen = rng.sample(sections, rng.randint(3, 6))
    body = "\n\n".join([opening, *(markdown for markdown, _html, _grade in chosen)]) + "\n"
    body_html = "\n".join([f"<p>{html.escape(opening)}</p>", *(section_html for _md, section_html, _grade in chosen)])
    publish_at = now - datetime.timedelta(seconds=rng.uniform(3600, 5 * 365 * 86400))
    last_reviewed = min(publish_at.date() + datetime.timedelta(days=rng.randint(0, 300)), now.date())
    hero_renditions, hero_alt = heroes[number % len(heroes)] if heroes else ({}, "")
    # Published as the clinical review leaves a row (articles.models.ClinicallyReviewed): the same
    # live and working text, approved by the reviewer of the real articles.
    approved = text_hash(title[:200], summary[:300], body)
    return Article(
        title=title[:200],
        slug=slugify(f"{title[:150]} {number}"),
        summary=summary[:300],
        body=body,
        draft_title=title[:200],
        draft_summary=summary[:300],
        draft_body=body,
        workflow_state=Workflow.PUBLISHED,
        approved_clinician_id=reviewer_id,
        reviewed_by_id=reviewer_id,
        approved_at=now,
        approved_hash=approved,
        live_hash=approved,
        published_hash=approved,
        body_html=body_html,
        hero_alt=hero_alt,
        hero_renditions=hero_renditions,
        status=Article.Status.PUBLISHED,
        publish_at=publish_at,
        featured=False,
        last_reviewed=last_reviewed,
        next_review_due=last_reviewed + datetime.timedelta(days=365),
        reading_time=reading_time_minutes(body),
        readability_grade=chosen[0][2],
        reference_list=rng.sample(references, min(len(references), rng.randint(3, 5))),
    )


def unique_references(rng, count, taken):
    references = set()
    while len(references) < count:
        reference = "KAP-" + "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        if reference not in taken:
            references.add(reference)
    return references


def build_consultation(rng, reference, now):
    received_at = now - datetime.timedelta(seconds=rng.uniform(600, 365 * 86400))
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    status = rng.choices(
        [ConsultationRequest.Status.NEW, ConsultationRequest.Status.CONTACTED,
         ConsultationRequest.Status.SCREENING_BOOKED, ConsultationRequest.Status.CLOSED],
        weights=[50, 20, 10, 20],
    )[0]
    closed = status == ConsultationRequest.Status.CLOSED
    state = rng.choice(STATES)
    return ConsultationRequest(
        reference=reference,
        # A real uuid, as the view stores one per rendered form.
        submission_token=uuid.UUID(int=rng.getrandbits(128), version=4),
        full_name=f"{first} {last}",
        email=f"{first}.{last}.{rng.randint(1, 10**6)}@example.com".lower(),
        contact_method=rng.choice(["email", "phone", "text"]),
        phone="+15035550142",
        state=state,
        visit_preference=rng.choice(["in_person", "telehealth", "either"]),
        help_with=rng.sample(["depression", "anxiety", "ptsd", "other"], rng.randint(1, 2)),
        message=rng.choice(MESSAGES),
        is_adult=True,
        consented=True,
        outside_licensed_states=state not in ("CA", "OR", "WA"),
        suspected_spam=rng.random() < 0.03,
        status=status,
        outcome=ConsultationRequest.Outcome.NO_RESPONSE if closed else "",
        received_at=received_at,
        first_contacted_at=None if status == ConsultationRequest.Status.NEW else received_at + datetime.timedelta(
            hours=4),
        closed_at=received_at + datetime.timedelta(days=20) if closed else None,
    )


def generate_corpus(total_articles, consultation_requests, seed=20261121):
    """Fill the database up to `total_articles` published articles and add the requests."""
    rng = random.Random(seed)
    now = timezone.now()
    timings = {}
    started = time.perf_counter()

    # Generated articles are English, built from the English library's sections.
    real_articles = list(Article.objects.published().in_language("en"))
    sections = section_pool(real_articles)
    heroes = [(a.hero_renditions, a.hero_alt) for a in real_articles if a.hero_renditions]
    references = reference_pool()
    topic_ids = list(Topic.objects.values_list("pk", flat=True))
    to_make = max(0, total_articles - len(real_articles))

    reviewer_id = real_articles[0].reviewed_by_id if real_articles else Clinician.objects.sample().pk
    articles = [build_article(n, rng, now, sections, heroes, references, reviewer_id) for n in range(to_make)]
    taken = set(ConsultationRequest.objects.values_list("reference", flat=True))
    requests = [build_consultation(rng, ref, now)
                for ref in sorted(unique_references(rng, consultation_requests, taken))]
    timings["build_rows"] = time.perf_counter() - started

    mark = time.perf_counter()
    with transaction.atomic():
        created = Article.objects.bulk_create(articles, batch_size=500)
        Through = Article.topics.through
        Through.objects.bulk_create(
            [Through(article_id=article.pk, topic_id=topic_id)
             for article in created for topic_id in rng.sample(topic_ids, rng.randint(1, min(3, len(topic_ids))))],
            batch_size=2000,
        )
        Reference.objects.bulk_create(
            [Reference(article_id=article.pk, position=position, **ref)
             for article in created for position, ref in enumerate(article.reference_list)],
            batch_size=2000,
        )
        ConsultationRequest.objects.bulk_create(requests, batch_size=1000)
    timings["insert"] = time.perf_counter() - mark

    mark = time.perf_counter()
    # One statement for all rows, with the same expression Article.save() uses for one.
    Article.objects.filter(language="en").update(search_document=search_vector())
    timings["search_documents"] = time.perf_counter() - mark

    mark = time.perf_counter()
    # As autovacuum would leave a live database: statistics for the planner, and a visibility map
    # so that counts can use index-only scans (the UPDATE above left a dead version of each row).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    timings["vacuum_analyze"] = time.perf_counter() - mark
    # bulk_create sends no signals: tell the page cache the content changed, as a save would.
    bump_content_version()
    timings["total"] = time.perf_counter() - started
    return {
        "articles_published": Article.objects.published().count(),
        "articles_generated": len(created),
        "real_articles": len(real_articles),
        "sections_in_pool": len(sections),
        "topic_links": Article.topics.through.objects.count(),
        "references": Reference.objects.count(),
        "consultation_requests": ConsultationRequest.objects.count(),
        "seconds": {name: round(value, 2) for name, value in timings.items()},
    }
