"""One sitemap for both languages: each English original is listed in every language it is
public in, with hreflang alternates (Django's i18n sitemaps), so search engines show Spanish
readers the Spanish page."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import get_language

from .models import Article, Page, Topic


class TranslatedSitemap(Sitemap):
    """Items are English originals; a language is listed when that version is public."""

    i18n = True
    alternates = True
    x_default = True
    model = None

    def items(self):
        public_translations = self.model.objects.published().only(*self.link_fields, "translation_of", "updated_at")
        return (
            self.model.objects.published()
            .in_language(settings.LANGUAGE_CODE)
            .only(*self.link_fields, "updated_at")
            .prefetch_related(Prefetch("translations", queryset=public_translations, to_attr="public_translations"))
            .order_by("pk")
        )

    link_fields = ("slug", "language", "status")

    def get_languages_for_item(self, item):
        return [settings.LANGUAGE_CODE, *(t.language for t in item.public_translations)]

    def version(self, item):
        language = get_language()
        return next((t for t in item.public_translations if t.language == language), item)

    def location(self, item):
        return self.version(item).get_absolute_url()

    def lastmod(self, item):
        return max([item.updated_at, *(t.updated_at for t in item.public_translations)])


class ArticleSitemap(TranslatedSitemap):
    model = Article
    link_fields = ("slug", "language", "status", "publish_at")


class PageSitemap(TranslatedSitemap):
    model = Page


class TopicSitemap(Sitemap):
    """A topic's page in each language that has public articles on it."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Topic.objects.filter(articles__in=Article.objects.published()).distinct().order_by("pk")

    def get_languages_for_item(self, item):
        languages = self._languages_by_topic()
        return [code for code, _name in settings.LANGUAGES if code in languages.get(item.pk, ())]

    def _languages_by_topic(self):
        if not hasattr(self, "_topic_languages"):
            self._topic_languages = {}
            rows = Article.objects.published().values_list("topics", "language").distinct()
            for topic_id, language in rows:
                self._topic_languages.setdefault(topic_id, set()).add(language)
        return self._topic_languages


class SectionSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return ["home", "articles:list", "consultations:request"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"sections": SectionSitemap, "articles": ArticleSitemap, "topics": TopicSitemap, "pages": PageSitemap}
