from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article, Page, Topic


class ArticleSitemap(Sitemap):
    def items(self):
        return Article.objects.published().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class TopicSitemap(Sitemap):
    def items(self):
        return Topic.objects.with_published_articles()


class PageSitemap(Sitemap):
    def items(self):
        return Page.objects.published().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class SectionSitemap(Sitemap):
    def items(self):
        return ["home", "articles:list", "consultations:request"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"sections": SectionSitemap, "articles": ArticleSitemap, "topics": TopicSitemap, "pages": PageSitemap}
