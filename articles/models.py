import datetime

import reversion
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, override

from . import images
from .markup import render_markdown
from .readability import markdown_to_plain_text, readability, reading_time_minutes
from .search import contains_every_word, refresh_search_document, search_articles
from .workflow import is_clinical_reviewer, text_hash


class TopicQuerySet(models.QuerySet):
    def with_published_articles(self):
        """Topics that have at least one public article. EXISTS stops at the first match, so
        the cost follows the number of topics, not of articles."""
        published = Article.objects.published().in_language().filter(topics=models.OuterRef("pk"))
        return self.filter(models.Exists(published))


def current_language():
    """The language of the page being shown ("en" or "es"), from its address."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class Topic(models.Model):
    # A topic is one row with its name in each language (two short fields, not a translation
    # library: articles and pages are translated as rows of their own, with their own review).
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=255, blank=True)
    name_es = models.CharField("name in Spanish", max_length=80, blank=True)
    description_es = models.CharField("description in Spanish", max_length=255, blank=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:topic", kwargs={"slug": self.slug})

    @property
    def display_name(self):
        """The name in the language of the page being shown (English when not translated)."""
        return (current_language() == "es" and self.name_es) or self.name

    @property
    def display_description(self):
        return (current_language() == "es" and self.description_es) or self.description


class Workflow(models.TextChoices):
    """Where the working copy of an article or page stands in clinical review."""

    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In clinical review"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"


class PublicStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class ClinicallyReviewed(models.Model):
    """Clinical review for what the public reads, shared by articles and pages.

    Two copies of the text: the live fields (`title`, `summary`, `body`) are what the public
    sees, and change only when an approved working copy is published; staff edit the working
    copy (`draft_title`, `draft_summary`, `draft_body`). Until something is published the two
    are kept the same. An approval is of one fingerprint of the working copy (`approved_hash`):
    a change to the text voids it and sends the working copy back to review, while the
    approved live version stays public. The database refuses a public row whose live text
    is not the text that was approved (see Meta.constraints).
    """

    draft_title = models.CharField("title", max_length=200, blank=True)
    draft_summary = models.CharField(
        "summary", max_length=300, blank=True,
        help_text="One or two plain sentences. Shown in lists and used as the page description.",
    )
    draft_body = models.TextField(
        "body", blank=True, help_text="Markdown. Start with ## headings; the title is the page's only top heading."
    )
    workflow_state = models.CharField(
        "review", max_length=12, choices=Workflow.choices, default=Workflow.DRAFT, db_index=True
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    # Who changed the text since the last approval: none of them may approve it.
    editors_since_approval = models.JSONField(default=list, blank=True, editable=False)
    submitted_at = models.DateTimeField("sent for review", null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    approved_clinician = models.ForeignKey(
        "practice.Clinician", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_hash = models.CharField(max_length=64, blank=True, editable=False)
    # The approval of the live text, shown to the public.
    reviewed_by = models.ForeignKey(
        "practice.Clinician", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False,
        verbose_name="medically reviewed by",
    )
    last_reviewed = models.DateField(null=True, blank=True, editable=False)
    next_review_due = models.DateField(
        null=True, blank=True,
        help_text="Set when published: the last review plus the review interval. You may bring it forward.",
    )
    review_every_days = models.PositiveSmallIntegerField(
        "review every (days)", default=365, help_text="How often a clinician must review this again.",
    )
    live_hash = models.CharField(max_length=64, editable=False, default="")
    published_hash = models.CharField(max_length=64, blank=True, editable=False)

    # Translations. An English original may have one translation per language; a translation
    # is a row of its own (its own text, references and clinical review) at the original's
    # address under its language prefix (/es/...), and knows which published English text it
    # was brought in line with, so a later change to the original flags it (translation_outdated).
    language = models.CharField(
        max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE, db_index=True,
    )
    translation_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="translations",
        limit_choices_to={"translation_of__isnull": True},
        verbose_name="translation of", help_text="For a translation: the English original it translates.",
    )
    translated_from_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["language", "slug"], name="%(app_label)s_%(class)s_slug_per_language",
                violation_error_message="Another text in this language already has this address (slug).",
            ),
            models.UniqueConstraint(
                fields=["translation_of", "language"], name="%(app_label)s_%(class)s_one_translation_per_language",
                violation_error_message="That original already has a translation in this language.",
            ),
            # English texts are originals; every other language translates an English original.
            models.CheckConstraint(
                condition=Q(language=settings.LANGUAGE_CODE, translation_of__isnull=True)
                | (~Q(language=settings.LANGUAGE_CODE) & Q(translation_of__isnull=False)),
                name="%(app_label)s_%(class)s_translation_has_original",
                violation_error_message="A translation names its English original, and an English text is not "
                "a translation.",
            ),
            models.CheckConstraint(
                condition=~Q(status=PublicStatus.PUBLISHED)
                | (Q(reviewed_by__isnull=False, last_reviewed__isnull=False) & Q(live_hash=models.F("published_hash"))),
                name="%(app_label)s_%(class)s_public_text_is_approved",
            ),
            models.CheckConstraint(
                condition=~Q(workflow_state__in=[Workflow.APPROVED, Workflow.PUBLISHED])
                | (Q(approved_clinician__isnull=False) & ~Q(approved_hash="")),
                name="%(app_label)s_%(class)s_approval_is_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(approved_by=models.F("last_edited_by")),
                name="%(app_label)s_%(class)s_no_approving_own_edit",
            ),
        ]

    @property
    def is_translation(self):
        return self.translation_of_id is not None

    @property
    def translation_outdated(self):
        """The English original was published with new text since this translation was brought
        in line with it."""
        return self.is_translation and self.translation_of.published_hash != self.translated_from_hash

    def mark_translation_current(self, user=None):
        """A translator says this text now says what the published English original says."""
        if not self.is_translation:
            raise ValidationError("Only a translation can be matched to its original.")
        self.translated_from_hash = self.translation_of.published_hash
        self._save_step("Marked as matching the current English original.", user)

    def public_version_url(self, language):
        """The address of this text in `language` if that version is public, else None. A
        translation shares its original's slug, so no other row is needed: the original comes
        with select_related, a translation's existence from with_public_translations."""
        if language == self.language:
            return self.get_absolute_url()
        if self.is_translation:
            original = self.translation_of
            return original.get_absolute_url() if language == original.language and original.is_public else None
        public = getattr(self, f"public_in_{language}", None)
        if public is None:
            public = self.translations.filter(language=language).filter(
                pk__in=type(self).objects.published().values("pk")
            ).exists()
        if not public:
            return None
        with override(language):
            return reverse(self.url_name, kwargs={"slug": self.slug})

    def follow_original(self):
        """A translation lives at its original's address (the same slug, under its language)."""
        if self.is_translation:
            self.slug = self.translation_of.slug

    @property
    def working_hash(self):
        return text_hash(self.draft_title, self.draft_summary, self.draft_body)

    @property
    def has_unpublished_changes(self):
        return self.status == PublicStatus.PUBLISHED and self.working_hash != self.published_hash

    @property
    def review_overdue(self):
        return bool(self.next_review_due) and self.next_review_due < timezone.localdate()

    @property
    def reviewer_display(self):
        return self.reviewed_by.display_name if self.reviewed_by_id else ""

    @property
    def reviewer_display_lang(self):
        """ "en" when a page in another language shows the reviewer's English credentials."""
        if not self.reviewed_by_id or current_language() == "en" or self.reviewed_by.credentials_es:
            return ""
        return "en"

    def prepare_for_save(self):
        """Keep the two copies and the approval consistent (called by save)."""
        if not (self.draft_title or self.draft_summary or self.draft_body):
            # Made from code with the plain fields (the content loader, a script): that is the text.
            self.draft_title, self.draft_summary, self.draft_body = self.title, self.summary, self.body
        if self.status != PublicStatus.PUBLISHED:
            # Nothing public to protect: the live fields follow the working copy.
            self.title, self.summary, self.body = self.draft_title, self.draft_summary, self.draft_body
        if self.approved_hash and self.approved_hash != self.working_hash:
            # The text changed after its approval: the approval is void and the text goes back to review.
            self.approved_by = self.approved_clinician = self.approved_at = None
            self.approved_hash = ""
            if self.workflow_state in (Workflow.APPROVED, Workflow.PUBLISHED):
                self.workflow_state = Workflow.IN_REVIEW
                self.submitted_at = timezone.now()
        self.live_hash = text_hash(self.title, self.summary, self.body)

    def record_edit(self, user):
        """`user` changed the working copy (call before saving it)."""
        self.last_edited_by = user
        if user is not None and user.pk not in self.editors_since_approval:
            self.editors_since_approval = [*self.editors_since_approval, user.pk]

    # Workflow steps. Each checks its rule and saves; the admin and scripts use the same ones.

    def submit_for_review(self, user=None):
        if self.workflow_state == Workflow.IN_REVIEW:
            raise ValidationError("This is already in clinical review.")
        if self.workflow_state == Workflow.APPROVED:
            raise ValidationError("This is already approved; publish it, or edit the text to change it.")
        if not (self.draft_title.strip() and self.draft_body.strip()):
            raise ValidationError("Write a title and a body before sending this for review.")
        self.workflow_state = Workflow.IN_REVIEW
        self.submitted_at = timezone.now()
        self._save_step("Sent for clinical review.", user)

    def approve(self, user):
        """A clinical reviewer approves the working copy as it is now."""
        if not is_clinical_reviewer(user):
            raise ValidationError("Only a clinical reviewer can approve.")
        clinician = getattr(user, "clinician", None)
        if clinician is None:
            raise ValidationError(
                "Your login is not linked to a clinician profile, so the public could not see who "
                "reviewed this. Ask a practice admin to link it (Practice profile, Clinicians)."
            )
        if user.pk in self.editors_since_approval or user.pk == self.last_edited_by_id:
            raise ValidationError("You changed this text, so another clinical reviewer must approve it.")
        if self.workflow_state != Workflow.IN_REVIEW:
            raise ValidationError("Only text that is in clinical review can be approved. Send it for review first.")
        self._record_approval(clinician, user)

    def approve_as_seeded(self, clinician):
        """For the starting library of a new site only (the content loader): record the sample
        clinician's approval, which `check --deploy` warns about until a real reviewer approves."""
        if not clinician.is_sample:
            raise ValidationError("Only sample content may be approved without a reviewer's login.")
        self._record_approval(clinician, None)

    def _record_approval(self, clinician, user):
        self.workflow_state = Workflow.APPROVED
        self.approved_by, self.approved_clinician, self.approved_at = user, clinician, timezone.now()
        self.approved_hash = self.working_hash
        self.editors_since_approval = []
        self._save_step(f"Approved by {clinician.display_name}.", user)

    def publish(self, user=None, at=None):
        """Make the approved working copy the public text (at `at` for an article, if given)."""
        if self.workflow_state == Workflow.PUBLISHED and self.status == PublicStatus.PUBLISHED:
            raise ValidationError("This is already published.")
        approved = self.workflow_state in (Workflow.APPROVED, Workflow.PUBLISHED)
        if not approved or self.approved_hash != self.working_hash:
            raise ValidationError("Only approved text can be published. Send it for clinical review first.")
        self.title, self.summary, self.body = self.draft_title, self.draft_summary, self.draft_body
        self.reviewed_by = self.approved_clinician
        self.last_reviewed = timezone.localtime(self.approved_at).date()
        self.next_review_due = self.last_reviewed + datetime.timedelta(days=self.review_every_days)
        self.published_hash = self.approved_hash
        self.workflow_state = Workflow.PUBLISHED
        if hasattr(self, "publish_at") and (at is not None or self.status != PublicStatus.PUBLISHED):
            self.publish_at = at or timezone.now()
        self.status = PublicStatus.PUBLISHED
        self._save_step("Published the approved text.", user)

    def unpublish(self, user=None):
        if self.status != PublicStatus.PUBLISHED:
            raise ValidationError("This is not published.")
        self.status = PublicStatus.DRAFT
        self._save_step("Unpublished: the public no longer sees it.", user)

    def _save_step(self, comment, user=None):
        """Save a workflow step as its own revision, saying who did what."""
        with reversion.create_revision():
            # Inside the admin's revision (an edit saved with a step's button), say both.
            reversion.set_comment(" ".join(filter(None, [reversion.get_comment(), comment])))
            if user is not None:
                reversion.set_user(user)
            self.save()

    def restore_text(self, title, summary, body, user=None, when=None):
        """Bring back an earlier text as the working copy (a new revision); it goes through
        clinical review again, even if that text was once approved."""
        self.draft_title, self.draft_summary, self.draft_body = title, summary, body
        self.record_edit(user)
        self.approved_by = self.approved_clinician = self.approved_at = None
        self.approved_hash = ""
        self.workflow_state = Workflow.IN_REVIEW
        self.submitted_at = timezone.now()
        restored = f" of {timezone.localtime(when):%b %-d, %Y %H:%M}" if when else ""
        self._save_step(f"Restored the text{restored}; sent for clinical review.", user)

    @property
    def workflow_label(self):
        """The state as staff read it, e.g. "Published, changes in clinical review"."""
        if self.status != PublicStatus.PUBLISHED:
            return self.get_workflow_state_display() if self.workflow_state != Workflow.PUBLISHED else "Unpublished"
        live = "Scheduled" if getattr(self, "is_scheduled", False) else "Published"
        if self.workflow_state == Workflow.PUBLISHED:
            return live
        return f"{live}; changes {self.get_workflow_state_display().lower()}"


# What an article card in a list needs; lists load only these columns.
CARD_FIELDS = ("title", "slug", "language", "summary", "hero_alt", "hero_renditions", "reading_time", "publish_at")


class TranslatedQuerySet(models.QuerySet):
    def in_language(self, language=None):
        """The texts in `language`, by default the language of the page being shown."""
        return self.filter(language=language or current_language())

    def with_public_translations(self):
        """Annotate `public_in_<language>`: whether a public translation exists, in the same
        query (the language switcher and hreflang links of a page need it)."""
        return self.annotate(**{
            f"public_in_{code}": models.Exists(
                self.model.objects.published().filter(translation_of=models.OuterRef("pk"), language=code)
            )
            for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
        })


class ArticleQuerySet(TranslatedQuerySet):
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

    def review_overdue(self):
        return self.filter(status=PublicStatus.PUBLISHED, next_review_due__lt=timezone.localdate())

    def review_due_within(self, days):
        today = timezone.localdate()
        return self.filter(
            status=PublicStatus.PUBLISHED, next_review_due__range=(today, today + datetime.timedelta(days=days))
        )

    def awaiting_review(self):
        return self.filter(workflow_state=Workflow.IN_REVIEW)

    def search(self, query, language=None):
        language = language or current_language()
        return search_articles(self.in_language(language), query, language)


class Article(ClinicallyReviewed):
    Status = PublicStatus

    # The live text (what the public reads); staff edit the working copy (ClinicallyReviewed).
    title = models.CharField("live title", max_length=200, editable=False)
    slug = models.SlugField(
        max_length=200, help_text="The address: /articles/<slug>/. A translation keeps its original's."
    )
    summary = models.CharField("live summary", max_length=300, editable=False)
    body = models.TextField("live body", editable=False)
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
    status = models.CharField(
        "public status", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True, editable=False
    )
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
    reading_time = models.PositiveSmallIntegerField("reading time (minutes)", default=1, editable=False)
    readability_grade = models.DecimalField(
        "reading grade", max_digits=4, decimal_places=1, default=0, editable=False,
        help_text="English: the Flesch-Kincaid grade of the body, aim for 8 or lower. Spanish: the "
        "Fernández-Huerta reading ease, aim for 65 or higher.",
    )
    # A copy of the references for the page (kept in step by articles/signals.py), so an
    # article page needs no query of its own for them.
    reference_list = models.JSONField(default=list, blank=True, editable=False)
    # Weighted full-text document (title, summary, body); kept up to date on PostgreSQL only.
    search_document = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta(ClinicallyReviewed.Meta):
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
        self.follow_original()
        self.prepare_for_save()
        # Derived fields are computed once here, so no page view renders Markdown or images.
        self.body_html = render_markdown(self.body)
        plain_text = markdown_to_plain_text(self.body)
        self.reading_time = reading_time_minutes(plain_text)
        self.readability_grade = readability(plain_text, self.language)[0]
        if not self.hero_image:
            self.hero_renditions = {}
        elif self.hero_renditions.get("source") != self.hero_image.name:
            self.hero_renditions = images.build_renditions(self.hero_image)
        super().save(*args, **kwargs)
        self.translations.exclude(slug=self.slug).update(slug=self.slug)
        refresh_search_document(self)

    url_name = "articles:detail"

    def get_absolute_url(self):
        with override(self.language):
            return reverse(self.url_name, kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.hero_image and not self.hero_alt.strip():
            errors["hero_alt"] = "Describe the image for people who cannot see it."
        if self.last_reviewed and self.next_review_due and self.next_review_due <= self.last_reviewed:
            errors["next_review_due"] = "The next review must come after the last review."
        if not (self.draft_title or self.title).strip():
            errors["draft_title"] = "Give the article a title."
        if errors:
            raise ValidationError(errors)

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.publish_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.publish_at > timezone.now()

    def related_articles(self, limit=3):
        """The newest public articles sharing a topic. EXISTS (not a join with DISTINCT) lets
        the database walk articles newest first and stop at `limit`, whatever the library's size."""
        shares_a_topic = Article.topics.through.objects.filter(
            article_id=models.OuterRef("pk"), topic_id__in=[topic.pk for topic in self.topics.all()]
        )
        return (
            Article.objects.published()
            .in_language(self.language)
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


CRISIS_PAGE_SLUG = "crisis"
CRISIS_REVIEW_DAYS = 90


class PageQuerySet(TranslatedQuerySet):
    def published(self):
        return self.filter(status=PublicStatus.PUBLISHED)

    def review_overdue(self):
        return self.published().filter(next_review_due__lt=timezone.localdate())

    def review_due_within(self, days):
        today = timezone.localdate()
        return self.published().filter(next_review_due__range=(today, today + datetime.timedelta(days=days)))

    def awaiting_review(self):
        return self.filter(workflow_state=Workflow.IN_REVIEW)

    def matching(self, query):
        """Informational pages that contain every word of the query (there are only a few)."""
        condition = contains_every_word(query)
        if condition is None:
            return self.none()
        return self.published().filter(condition).only("title", "slug", "language", "summary")


class Page(ClinicallyReviewed):
    """An informational page staff edit in the admin: About, What to expect, FAQ, and so on."""

    # The live text; staff edit the working copy (ClinicallyReviewed).
    title = models.CharField("live title", max_length=200, editable=False)
    slug = models.SlugField(max_length=100, help_text="The address: /<slug>/. A translation keeps its original's.")
    summary = models.CharField("live summary", max_length=300, editable=False)
    body = models.TextField("live body", editable=False)
    body_html = models.TextField(editable=False, default="")
    menu_order = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        "public status", max_length=10, choices=PublicStatus.choices, default=PublicStatus.DRAFT, db_index=True,
        editable=False,
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta(ClinicallyReviewed.Meta):
        ordering = ["menu_order", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.slug == CRISIS_PAGE_SLUG:
            # Its phone numbers and links must be checked at least every 90 days.
            self.review_every_days = min(self.review_every_days, CRISIS_REVIEW_DAYS)
        self.follow_original()
        self.prepare_for_save()
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)
        self.translations.exclude(slug=self.slug).update(slug=self.slug)

    url_name = "page"

    def get_absolute_url(self):
        with override(self.language):
            return reverse(self.url_name, kwargs={"slug": self.slug})

    @property
    def is_public(self):
        return self.status == PublicStatus.PUBLISHED


class ReviewDigest(models.Model):
    """One weekly email to the clinical reviewers listing what is due (articles/digest.py). A
    row per week, so a week's digest is queued once however many workers check."""

    week_of = models.DateField(unique=True, help_text="The Monday of the week.")
    queued_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveSmallIntegerField(default=0)
    items = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-week_of"]

    def __str__(self):
        return f"Review digest, week of {self.week_of:%b %-d, %Y}"


# Revisions (django-reversion): what staff wrote and decided, not what save() derives from it.
# Registered here, with the models, before the admin would register them its own way.
reversion.register(Reference)
reversion.register(
    Article, follow=["references"],
    exclude=["body_html", "search_document", "hero_renditions", "reference_list", "reading_time",
             "readability_grade", "live_hash"],
)
reversion.register(Page, exclude=["body_html", "live_hash"])
