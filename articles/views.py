import re

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView, TemplateView

from practice.public import current as public_practice

from .models import CARD_FIELDS, Article, Page, Topic, current_language
from .search import search_site

# Someone searching about suicide, self-harm or a crisis sees how to get help first. Broad on
# purpose (a topic, not a judgement of risk): showing help to a student costs nothing.
CRISIS_SEARCH = re.compile(
    r"\b(?:suicid\w*|self[- ]?harm\w*|kill(?:ing)? (?:my|him|her)self|want(?:ing)? to die|end(?:ing)? (?:my|it all)"
    r"|overdos\w*|cutting|crisis|988|911|emergency|hotline|lifeline|danger|hopeless\w*|die|dying|death|unalive"
    r"|morir\w*|muerte|matarme|quitarme la vida|hacerme da[nñ]o|autolesi\w*|cortarme|sobredosis"
    r"|no quiero vivir|desesperaci[oó]n|emergencia|l[ií]nea de vida|ayuda urgente)\b",
    re.IGNORECASE,
)


# The working copy and the workflow's bookkeeping: the public page reads only the live text.
PUBLIC_PAGE_DEFERRED = (
    "body", "search_document", "draft_title", "draft_summary", "draft_body", "editors_since_approval",
)


def is_verified_staff(request):
    return request.user.is_staff and request.user.is_verified()


def public_or_staff_articles(request):
    """Staff (signed in with their second factor) may preview drafts and scheduled articles;
    everyone else sees the published ones."""
    articles = Article.objects.in_language()
    return articles if is_verified_staff(request) else articles.published()


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        published = Article.objects.published().in_language().only(*CARD_FIELDS)
        featured = list(published.start_here()[:3])
        if len(featured) < 3:
            featured += list(published.exclude(pk__in=[a.pk for a in featured])[: 3 - len(featured)])
        context["featured_articles"] = featured
        context["topics"] = Topic.objects.with_published_articles()
        return context


class NewestArticlesPaginator(Paginator):
    """Pages through at most the first ARTICLE_LIST_LIMIT articles (lists are newest first):
    counting and paging then cost the same at 100 or 100,000 articles."""

    @cached_property
    def count(self):
        # Which rows are counted does not matter under the limit, so the count skips the sort.
        return self.object_list.order_by().values("pk")[: settings.ARTICLE_LIST_LIMIT].count()


class LimitedArticleListMixin:
    paginator_class = NewestArticlesPaginator
    context_object_name = "articles"

    def get_paginate_by(self, queryset):
        return settings.ARTICLES_PER_PAGE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["article_list_limit"] = settings.ARTICLE_LIST_LIMIT
        context["list_is_limited"] = context["paginator"].count >= settings.ARTICLE_LIST_LIMIT
        return context


class ArticleListView(LimitedArticleListMixin, ListView):
    def get_queryset(self):
        return Article.objects.published().in_language().only(*CARD_FIELDS)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["topics"] = Topic.objects.with_published_articles()
        return context


class TopicArticleListView(ArticleListView):
    template_name = "articles/topic_detail.html"

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return super().get_queryset().filter(topics=self.topic)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["topic"] = self.topic
        return context


class ArticleDetailView(DetailView):
    context_object_name = "article"

    def get_queryset(self):
        return (
            public_or_staff_articles(self.request)
            .select_related("reviewed_by", "translation_of")
            .defer(*PUBLIC_PAGE_DEFERRED, *(f"translation_of__{name}" for name in PUBLIC_PAGE_DEFERRED))
            .with_public_translations()
            .prefetch_related("topics")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context["related_articles"] = article.related_articles()
        largest_jpeg = (article.hero_renditions.get("jpeg") or [None])[-1]
        context["og_image_url"] = (
            self.request.build_absolute_uri(settings.MEDIA_URL + largest_jpeg[0]) if largest_jpeg else ""
        )
        context["structured_data"] = self.structured_data(article, context["og_image_url"])
        return context

    def structured_data(self, article, image_url):
        """schema.org MedicalWebPage, so search engines can show who reviewed it and when."""
        practice_name = public_practice().name
        data = {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "name": article.title,
            "headline": article.title,
            "description": article.summary,
            "url": self.request.build_absolute_uri(article.get_absolute_url()),
            "datePublished": article.publish_at.isoformat(),
            "dateModified": article.updated_at.isoformat(),
            "author": {"@type": "Organization", "name": practice_name},
            "publisher": {"@type": "Organization", "name": practice_name},
            "inLanguage": article.language,
            "about": [{"@type": "Thing", "name": topic.display_name} for topic in article.topics.all()],
            "citation": [
                {"@type": "CreativeWork", "name": ref["title"], "url": ref["url"], "publisher": ref["publisher"]}
                for ref in article.reference_list
            ],
        }
        if article.reviewed_by_id:
            # The clinician who approved the text the public reads, never a generic title.
            data["reviewedBy"] = article.reviewed_by.structured_data()
            data["lastReviewed"] = article.last_reviewed.isoformat()
        if image_url:
            data["image"] = image_url
        return data


class SearchView(LimitedArticleListMixin, ListView):
    """Search. Never cached by a browser or shared cache: what someone searched for is their
    business (a shared device's history, a proxy), so the query is also kept out of the title."""

    template_name = "articles/search.html"

    def get_queryset(self):
        language = current_language()
        self.outcome = search_site(
            Article.objects.published().in_language(language).only(*CARD_FIELDS),
            Page.objects.published().in_language(language),
            self.request.GET.get("q", ""),
            language,
        )
        return self.outcome.articles

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.outcome.query
        context["corrected_query"] = self.outcome.corrected
        context["matching_pages"] = self.outcome.pages
        # Someone searching about suicide or a crisis sees how to get help first.
        context["show_crisis_help"] = bool(CRISIS_SEARCH.search(self.outcome.query))
        if self.outcome.query and not context["articles"] and not self.outcome.pages:
            context["topics"] = Topic.objects.with_published_articles()
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["Cache-Control"] = "private, no-store"
        return response


class PageDetailView(DetailView):
    context_object_name = "page"

    def get_queryset(self):
        pages = (
            Page.objects.in_language()
            .select_related("reviewed_by", "translation_of")
            .defer("draft_title", "draft_summary", "draft_body", "translation_of__body", "translation_of__draft_body")
            .with_public_translations()
        )
        return pages if is_verified_staff(self.request) else pages.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object.slug == "about":
            context["clinic_structured_data"] = public_practice().structured_data(settings.SITE_URL)
        return context
