"""axe finds no WCAG 2.2 A/AA violations on any public page, on a phone and on a desktop."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from articles.models import Article, Page

from .conftest import DESKTOP, PHONE

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_public_pages_have_no_axe_violations(page, site, viewport):
    article = Article.objects.published().first()
    topic = article.topics.first()
    paths = ["/", "/articles/", article.get_absolute_url(), "/search/?q=ketamine", "/search/?q=zzzz",
             topic.get_absolute_url(), "/no-such-page/"]
    paths += [p.get_absolute_url() for p in Page.objects.all()]
    assert len(paths) >= 12

    page.set_viewport_size(viewport)
    axe = Axe()
    problems = []
    for path in paths:
        page.goto(site + path)
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        problems += [f"{path}: {v['id']} ({v['impact']}) {v['nodes'][0]['target']}" for v in violations]
    assert problems == []
