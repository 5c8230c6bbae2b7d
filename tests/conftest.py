import datetime
import os
import threading

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone, translation

from articles.models import Article, Reference, Topic
from practice.models import Clinician


def pytest_report_header(config):
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine} ({settings.DATABASES['default'].get('HOST') or settings.DATABASES['default']['NAME']})"


def pytest_terminal_summary(terminalreporter):
    vendor = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(connection.vendor, connection.vendor)
    terminalreporter.write_line(f"Tests ran on {vendor}.")


@pytest.fixture(autouse=True, scope="session")
def require_postgresql_in_ci():
    if os.environ.get("KAP_REQUIRE_POSTGRESQL") and connection.vendor != "postgresql":
        pytest.exit("KAP_REQUIRE_POSTGRESQL is set but the tests are not running on PostgreSQL", returncode=1)


def requires_postgresql():
    return pytest.mark.skipif(
        connection.vendor != "postgresql" and not os.environ.get("KAP_REQUIRE_POSTGRESQL"),
        reason="needs PostgreSQL (set DATABASE_URL)",
    )


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A request handled in the test's own thread (the test client) leaves its language active,
    as Django leaves it for the thread's next request: a Spanish page must not make the next
    test's reverse() Spanish."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_practice_snapshot():
    """The practice profile's in-memory copy (practice/public.py) never outlives a test's
    database transaction."""
    from practice import public

    public.forget()
    yield
    public.forget()


@pytest.fixture
def topic(db):
    return Topic.objects.create(name="Safety and side effects", slug="safety")


@pytest.fixture
def make_article(db):
    """Create an article through the model, as an author would in the admin."""

    def make(title="Ketamine and the brain", *, topics=(), references=3, **fields):
        today = timezone.localdate()
        values = {
            "slug": fields.pop("slug", None) or title.lower().replace(" ", "-")[:60],
            "summary": f"A short summary of {title.lower()}.",
            "body": "## What it is\n\nKetamine is a medicine. It was first used to put people to sleep for surgery.",
            "status": Article.Status.PUBLISHED,
            "publish_at": timezone.now() - datetime.timedelta(days=1),
            "last_reviewed": today,
            "next_review_due": today + datetime.timedelta(days=365),
        }
        values.update(fields)
        # Made as a draft, then approved (by the sample clinician) and published, as the rules require.
        status, publish_at = values.pop("status"), values.pop("publish_at")
        last_reviewed, next_review_due = values.pop("last_reviewed"), values.pop("next_review_due")
        article = Article.objects.create(title=title, publish_at=publish_at, **values)
        if status == Article.Status.PUBLISHED:
            article.approve_as_seeded(Clinician.objects.sample())
            article.publish(at=publish_at)
            Article.objects.filter(pk=article.pk).update(last_reviewed=last_reviewed, next_review_due=next_review_due)
            article.last_reviewed, article.next_review_due = last_reviewed, next_review_due
        article.topics.set(topics)
        for position in range(references):
            Reference.objects.create(
                article=article,
                position=position,
                title=f"Source {position + 1}",
                publisher="National Institutes of Health",
                year=2024,
                url=f"https://www.nih.gov/source-{position + 1}",
            )
        return article

    return make


@pytest.fixture
def make_page(db):
    """A published informational page (approved by the sample clinician, as seeded content is)."""
    from articles.models import Page

    def make(slug="faq", title="Frequently asked questions", body="## Cost\n\nWe tell you the cost first.",
             **fields):
        page = Page.objects.create(slug=slug, title=title, summary=fields.pop("summary", f"About {title}."),
                                   body=body, **fields)
        page.approve_as_seeded(Clinician.objects.sample())
        page.publish()
        return page

    return make


@pytest.fixture
def draft_and_scheduled(make_article):
    draft = make_article("Hidden draft about zebrafish", status=Article.Status.DRAFT)
    scheduled = make_article(
        "Scheduled piece about zebrafish", publish_at=timezone.now() + datetime.timedelta(days=3)
    )
    return draft, scheduled


def login_verified(client, user):
    """Log a staff member in as the admin's two-factor login would: password and a TOTP device."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=True
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def admin_client(client, admin_user):
    return login_verified(client, admin_user)


def run_concurrently(work, count=8):
    """Run `work` in `count` threads released at the same moment, each on its own database
    connection. Returns what each returned, and what each raised."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(work())
        except Exception as error:  # noqa: BLE001 - returned to the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.fixture
def run_queued_jobs(db, monkeypatch):
    """Run the background worker once, as `manage.py run_worker` would: every job that is due.

    The worker recycles its database connection between jobs (right for a long-running
    process); here it shares the test's connection and its transaction, which must stay open."""
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        call_command("run_worker", "--batch")

    return run


@pytest.fixture
def hostile_form_settings(settings, db):
    """For the hostile-input tests: no fill-time or rate limits to get in the way, and no
    trusted proxy, so every forwarded header comes from a stranger."""
    from django.core.cache import cache

    settings.CONSULTATION_MIN_FILL_SECONDS = 0
    settings.CONSULTATION_RATE_LIMIT = 1_000
    settings.TRUSTED_PROXIES = []
    cache.clear()
    return settings
