from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from .models import Article


class LatestArticlesFeed(Feed):
    """The newest articles in the language of the address (/articles/feed/, /es/articles/feed/)."""

    feed_type = Atom1Feed

    def title(self):
        return gettext("Articles on ketamine-assisted psychotherapy")

    def subtitle(self):
        return gettext("Plain-language, medically reviewed articles, newest first.")

    def link(self):
        return reverse("articles:list")

    def items(self):
        return Article.objects.published().in_language()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at
