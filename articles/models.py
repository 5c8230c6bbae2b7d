from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from . import images
from .markup import render_markdown
from .readability import flesch_kincaid_grade, markdown_to_plain_text, reading_time_minutes
from .search import contains_every_word, refresh_search_document, search_articles


class TopicQuerySet(models.QuerySet):
    def with_published_articles(self):
        """Topics that have at least one public article. EXISTS stops at the first match, so
        the cost follows the number of topics, not of articles."""
        published = Article.objects.published().filter(topics=models.OuterRef("pk"))
        return self.filter(models.Exists(published))


class Topic(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=255, blank=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:topic", kwargs={"slug": self.slug})


# What an article card in a list needs; lists load only these columns.
CARD_FIELDS = ("title", "slug", "summary", "hero_alt", "hero_renditions", "reading_time", "publish_at")


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one rule for what the public may see: published, and its time has come."""
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=timezone.now())

    def next_publish_time(self, now):
        """When the next scheduled article goes public, or None."""
        return (
            self.filter(status=Article.Status.PUBLISHED, publish_at__gt=now)
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )

    def start_here(self):
        """Featured articles in reading order (their place in "Start here"), then newest first."""
        return self.filter(featured=True).order_by(
            models.F("start_here_position").asc(nulls_last=True), "-publish_at", "title"
        )

    def awaiting_reviewer_name(self):
        return self.filter(Q(reviewer_name="") | Q(reviewer_credentials=""))

    def review_overdue(self):
        return self.filter(next_review_due__lt=timezone.localdate())

    def search(self, query):
        return search_articles(self, query)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.CharField(
        max_length=300,
        help_text="One or two plain sentences. Shown in lists and used as the page description.",
    )
    body = models.TextField(help_text="Markdown. Start with ## headings; the title is the page's only top heading.")
    body_html = models.TextField(editable=False, default="")
    hero_image = models.ImageField(upload_to="articles/heroes/", blank=True)
    hero_alt = models.CharField(
        "hero image alt text",
        max_length=250,
        blank=True,
        help_text="What the image shows, for people who cannot see it. Required with an image.",
    )
    hero_renditions = models.JSONField(default=dict, blank=True, editable=False)
    topics = models.ManyToManyField(Topic, related_name="articles", blank=True)
    author = models.CharField(max_length=120, default="Editorial team")
    reviewer_role = models.CharField(
        max_length=120,
        default="Medical director",
        help_text="Shown when no reviewer name is entered yet.",
    )
    reviewer_name = models.CharField(max_length=120, blank=True, help_text="The clinician who reviewed this article.")
    reviewer_credentials = models.CharField(
        max_length=120, blank=True, help_text="For example: MD, board-certified psychiatrist."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    publish_at = models.DateTimeField(
        default=timezone.now,
        db_index=True,
        help_text="A future time schedules the article: the public sees it from then on.",
    )
    featured = models.BooleanField(default=False, help_text="Show on the home page.")
    start_here_position = models.PositiveSmallIntegerField(
        "place in 'Start here'", null=True, blank=True,
        help_text="The order featured articles are read in on the home page, 1 first. Empty: after the numbered ones.",
    )
    last_reviewed = models.DateField()
    next_review_due = models.DateField()
    reading_time = models.PositiveSmallIntegerField("reading time (minutes)", default=1, editable=False)
    readability_grade = models.DecimalField(
        "reading grade", max_digits=4, decimal_places=1, default=0, editable=False,
        help_text="Flesch-Kincaid grade of the body. Aim for 8 or lower.",
    )
    # A copy of the references for the page (kept in step by articles/signals.py), so an
    # article page needs no query of its own for them.
    reference_list = models.JSONField(default=list, blank=True, editable=False)
    # Weighted full-text document (title, summary, body); kept up to date on PostgreSQL only.
    search_document = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "title"]
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="article_public_order"),
            # The home page's few featured articles, found without scanning the whole library.
            models.Index(
                fields=["-publish_at"], condition=Q(featured=True, status="published"), name="article_featured_order"
            ),
            # Created on PostgreSQL only (see migration 0001); SQLite searches without it.
            GinIndex(fields=["search_document"], name="article_search_gin"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Derived fields are computed once here, so no page view renders Markdown or images.
        self.body_html = render_markdown(self.body)
        plain_text = markdown_to_plain_text(self.body)
        self.reading_time = reading_time_minutes(plain_text)
        self.readability_grade = flesch_kincaid_grade(plain_text)
        if not self.hero_image:
            self.hero_renditions = {}
        elif self.hero_renditions.get("source") != self.hero_image.name:
            self.hero_renditions = images.build_renditions(self.hero_image)
        super().save(*args, **kwargs)
        refresh_search_document(self)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.hero_image and not self.hero_alt.strip():
            errors["hero_alt"] = "Describe the image for people who cannot see it."
        if self.last_reviewed and self.next_review_due and self.next_review_due <= self.last_reviewed:
            errors["next_review_due"] = "The next review must come after the last review."
        if errors:
            raise ValidationError(errors)

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.publish_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.publish_at > timezone.now()

    @property
    def reviewer_display(self):
        if self.reviewer_name:
            return ", ".join(filter(None, [self.reviewer_name, self.reviewer_credentials]))
        return f"Our {self.reviewer_role.lower()}" if self.reviewer_role else "Our clinical team"

    @property
    def review_overdue(self):
        return self.next_review_due < timezone.localdate()

    def related_articles(self, limit=3):
        """The newest public articles sharing a topic. EXISTS (not a join with DISTINCT) lets
        the database walk articles newest first and stop at `limit`, whatever the library's size."""
        shares_a_topic = Article.topics.through.objects.filter(
            article_id=models.OuterRef("pk"), topic_id__in=[topic.pk for topic in self.topics.all()]
        )
        return (
            Article.objects.published()
            .filter(models.Exists(shares_a_topic))
            .exclude(pk=self.pk)
            .only(*CARD_FIELDS)
            .order_by("-publish_at")[:limit]
        )

    def refresh_reference_list(self):
        self.reference_list = [
            {"title": r.title, "publisher": r.publisher, "year": r.year, "url": r.url}
            for r in self.references.order_by("position", "id")
        ]
        Article.objects.filter(pk=self.pk).update(reference_list=self.reference_list)


class Reference(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="references")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=400)
    publisher = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField()
    url = models.URLField(max_length=500)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.title} ({self.publisher}, {self.year})"


class PageQuerySet(models.QuerySet):
    def matching(self, query):
        """Informational pages that contain every word of the query (there are only a few)."""
        condition = contains_every_word(query)
        if condition is None:
            return self.none()
        return self.filter(condition).only("title", "slug", "summary")


class Page(models.Model):
    """An informational page staff edit in the admin: About, What to expect, FAQ, and so on."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.CharField(max_length=300, help_text="Used as the page description.")
    body = models.TextField(help_text="Markdown. Start with ## headings.")
    body_html = models.TextField(editable=False, default="")
    menu_order = models.PositiveSmallIntegerField(default=0)
    last_reviewed = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["menu_order", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("page", kwargs={"slug": self.slug})
