"""Every page offers the same crisis help in the same place: 988 call and text, 911, 988 in
Spanish, Crisis Text Line and the videophone option, each a link a phone can tap."""

import pytest

from articles.models import Page


@pytest.mark.parametrize("path", ["/", "/articles/", "/consultation/", "/search/?q=sleep", "/no-such-page/"])
def test_every_page_carries_the_crisis_strip_first(client, db, path):
    html = client.get(path).content.decode()
    strip = html[html.index('<aside class="crisis-strip"'):html.index("</aside>")]
    assert html.index('<aside class="crisis-strip"') < html.index("<main")
    for link in ['href="tel:988"', 'href="sms:988"', 'href="tel:911"', 'href="sms:741741?&amp;body=HOME"',
                 "/crisis/"]:
        assert link in strip, link
    assert 'lang="es"' in strip and "marque" in strip and "videophone" in strip


def test_the_crisis_page_offers_every_way_to_reach_help(client, db):
    from articles.content import load_content

    load_content()
    page = Page.objects.get(language="en", slug="crisis")
    html = client.get(page.get_absolute_url()).content.decode()
    main = html[html.index("<main"):]
    for link in ['href="tel:988"', 'href="sms:988"', 'href="tel:911"', "sms:741741", "sms:988?&amp;body=AYUDA",
                 "988lineadevida.org", "for-deaf-hard-of-hearing"]:
        assert link in main, link
    for advice in ["Are you thinking about killing yourself?", "press 2", "videophone", "711"]:
        assert advice in main, advice
