"""What helps a reader find their way: "Start here" in reading order, the FAQ's contents list,
decorative drawings that screen readers skip, and a privacy notice that names every cookie."""

import re

import pytest
from django.test import Client

from articles.content import load_content
from articles.markup import finish_body, page_contents
from articles.models import Article, Page
from tests.helpers import parse_form


@pytest.fixture
def content(db):
    load_content()


def test_start_here_begins_with_what_kap_is_and_follows_reading_order(client, content):
    html = client.get("/").content.decode()
    section = html[html.index('id="featured-heading"'):]
    section = section[:section.index("</section>")]
    titles = re.findall(r'class="card-title"><a href="[^"]+">([^<]+)</a>', section)
    expected = list(Article.objects.published().in_language("en").start_here().values_list("title", flat=True)[:3])
    assert titles == expected
    assert titles[0] == "What is ketamine-assisted psychotherapy?"
    english = Article.objects.published().in_language("en")
    positions = list(english.start_here().values_list("start_here_position", flat=True))
    assert positions[:3] == [1, 2, 3]


def test_start_here_order_is_explicit_not_alphabetical(make_article):
    make_article("Aardvark facts", featured=True, start_here_position=2)
    make_article("Zebra facts", featured=True, start_here_position=1)
    make_article("Middle facts", featured=True)
    assert [a.title for a in Article.objects.published().in_language("en").start_here()] == [
        "Zebra facts", "Aardvark facts", "Middle facts"]


def test_the_faq_opens_with_a_contents_list_of_every_question(client, content):
    faq = Page.objects.get(language="en", slug="faq")
    questions = re.findall(r"^### (.+)$", faq.body, re.MULTILINE)
    html = client.get("/faq/").content.decode()
    contents = html[html.index('class="page-contents"'):html.index("</nav>", html.index('class="page-contents"'))]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', contents)
    listed = [title for _anchor, title in links]
    for question in questions:
        assert question.replace("'", "&#x27;") in listed or question in listed, question
    for anchor, _title in links:
        assert f'id="{anchor}"' in html  # every entry leads somewhere
    assert html.index('class="page-contents"') < html.index('class="prose"')


def test_short_pages_get_no_contents_list():
    html = finish_body("<h2>One</h2><p>x</p><h3>A?</h3><p>y</p>", link_glossary=False).html
    assert page_contents(html) == []


def test_repeated_headings_get_distinct_anchors():
    body = "".join("<h2>Part</h2><h3>Why?</h3><h3>Why?</h3><h3>How?</h3>" for _ in range(2))
    html = finish_body(body, link_glossary=False).html
    contents = page_contents(html)
    anchors = re.findall(r'id="([^"]+)"', html)
    assert len(anchors) == len(set(anchors)) == 8
    assert sum(len(section["questions"]) for section in contents) == 6


def test_decorative_drawings_have_an_empty_alt(client, content):
    article = Article.objects.get(language="en", slug="what-is-ketamine-assisted-psychotherapy")
    assert article.hero_alt  # staff still have the description (used for sharing previews)
    for url in [article.get_absolute_url(), "/", "/articles/"]:
        html = client.get(url).content.decode()
        alts = re.findall(r'<img [^>]*alt="([^"]*)"', html)
        assert alts and all(alt == "" for alt in alts), (url, alts)


# Cookies ---------------------------------------------------------------------------------------

def cookies_listed_in_the_privacy_notice(client):
    html = client.get("/privacy/").content.decode()
    start = html.index("Cookies and storage")
    section = html[start:html.index("<h2", start)]
    return set(re.findall(r"<li><code>([^<]+)</code>", section)), section


def test_the_privacy_notice_lists_exactly_the_cookies_the_site_sets(content, django_user_model, settings):
    from tests.conftest import login_verified
    from tests.helpers import valid_answers

    settings.CONSULTATION_MIN_FILL_SECONDS = 0
    set_by_site = set()

    def record(response):
        set_by_site.update(name for name, morsel in response.cookies.items() if morsel.value)
        return response

    visitor = Client()
    for path in ["/", "/articles/", "/faq/", "/search/?q=cost", Article.objects.first().get_absolute_url(),
                 "/es/", "/es/faq/", "/es/search/?q=costo"]:
        assert not record(visitor.get(path)).cookies, path  # reading sets no cookie, in either language
    # Choosing a language with the switcher remembers it.
    assert record(visitor.get("/language/es/?next=/faq/")).cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    record(visitor.get("/consultation/"))
    record(visitor.post("/consultation/", {**valid_answers(), "email": "wrong"}))
    record(visitor.get("/consultation/"))
    record(visitor.post("/consultation/", valid_answers()))
    record(visitor.get("/consultation/received/"))
    staff_user = django_user_model.objects.create_superuser("kim", "kim@example.org", "pw")
    staff = Client()
    login_verified(staff, staff_user)
    page = Page.objects.get(language="en", slug="about")
    change = f"/admin/articles/page/{page.pk}/change/"
    record(staff.get(change))
    # Saving in the admin leaves a "saved" message for the next page (the messages cookie).
    form = {name: value for name, value in parse_form(staff.get(change).content.decode()).values().items()
            if not name.startswith("_")}
    record(staff.post(change, {**form, "draft_summary": page.summary + " Updated."}))
    set_by_site.update(staff.cookies.keys())

    listed, section = cookies_listed_in_the_privacy_notice(Client())
    assert listed == set_by_site
    assert {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME} <= listed
    assert "2 hours" in section and settings.CSRF_COOKIE_AGE == 2 * 3600
    assert "local storage" in section
