import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from articles.hero_art import draw_hero


@pytest.fixture
def article_with_hero(make_article):
    article = make_article("Picture article", hero_alt="Drawing of calm blue waves.")
    article.hero_image.save("waves-test.png", ContentFile(draw_hero("waves", "sea", "t")), save=True)
    return article


def test_renditions_are_made_in_webp_and_jpeg_at_several_widths(article_with_hero):
    renditions = article_with_hero.hero_renditions
    assert renditions["width"] == 1200 and renditions["height"] == 675
    for fmt, pil_format in [("webp", "WEBP"), ("jpeg", "JPEG")]:
        widths = [width for _name, width, _height in renditions[fmt]]
        assert widths == [480, 800, 1200]
        for name, width, height in renditions[fmt]:
            with default_storage.open(name) as handle, Image.open(handle) as image:
                assert image.format == pil_format
                assert image.size == (width, height)


def test_renditions_are_not_rebuilt_on_every_save(article_with_hero):
    first = article_with_hero.hero_renditions
    name = first["webp"][0][0]
    modified = default_storage.get_modified_time(name)
    article_with_hero.draft_summary = "A new summary."
    article_with_hero.save()
    assert article_with_hero.hero_renditions == first
    assert default_storage.get_modified_time(name) == modified


def test_article_page_has_responsive_picture(client, article_with_hero):
    html = client.get(article_with_hero.get_absolute_url()).content.decode()
    assert '<source type="image/webp" srcset="' in html
    assert "480w" in html and "1200w" in html
    assert 'sizes="' in html
    assert 'width="1200" height="675"' in html
    assert 'alt="Drawing of calm blue waves."' in html


def test_hero_needs_alt_text(make_article):
    from django.core.exceptions import ValidationError

    article = make_article("No alt")
    article.hero_image.save("x.png", ContentFile(draw_hero("stones", "sand", "x")), save=False)
    article.hero_alt = ""
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "hero_alt" in error.value.message_dict


def test_drawn_hero_is_deterministic():
    assert draw_hero("path", "sage", "seed") == draw_hero("path", "sage", "seed")
    image = Image.open(io.BytesIO(draw_hero("mountains", "dusk", "seed")))
    assert image.size == (1200, 675)
