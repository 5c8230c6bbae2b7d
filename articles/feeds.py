from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from .models import Article


class LatestArticlesFeed(Feed):
    feed_type = Atom1Feed
    title = "Articles on ketamine-assisted psychotherapy"
    link = "/articles/"
    subtitle = "Plain-language, medically reviewed articles, newest first."

    def items(self):
        return Article.objects.published()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at
