"""Articles and pages in the admin: editing the working copy, the clinical review workflow
(send for review, approve, publish, unpublish), revisions (compared with
django-reversion-compare; restored through the workflow), help while writing and a preview."""

import datetime
import difflib

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin

from .markup import render_markdown
from .models import Article, Page, PublicStatus, Reference, Topic, Workflow
from .views import ArticleDetailView, PageDetailView
from .workflow import is_clinical_reviewer
from .writing_help import check_writing, readability_too_hard

REVIEW_SOON_DAYS = 60
TEXT_FIELDS = ("draft_title", "draft_summary", "draft_body")
# The buttons under the edit form: (form field name, label, model method, message on success).
WORKFLOW_BUTTONS = {
    "_submit_review": ("Send for clinical review", "submit_for_review", "Sent for clinical review."),
    "_approve": ("Approve (clinical reviewer)", "approve", "Approved. It can be published now."),
    "_publish": ("Publish approved text", "publish", "Published: the public now sees the approved text."),
    "_unpublish": ("Unpublish", "unpublish", "Unpublished: the public no longer sees it."),
    "_translation_current": (
        "Translation matches the current English text", "mark_translation_current",
        "Marked as matching the current English original.",
    ),
}


class TranslationFilter(admin.SimpleListFilter):
    title = "translation"
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [("outdated", "Out of date: English changed since"), ("missing", "English with no Spanish version")]

    def queryset(self, request, queryset):
        if self.value() == "outdated":
            return queryset.filter(translation_of__isnull=False).exclude(
                translated_from_hash=models.F("translation_of__published_hash")
            )
        if self.value() == "missing":
            return queryset.filter(language="en").exclude(translations__language="es")
        return queryset


class ReferenceInline(admin.TabularInline):
    model = Reference
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    extra = 1
    fields = ["position", "title", "publisher", "year", "url"]


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review dates"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Review overdue"),
            ("soon", f"Due within {REVIEW_SOON_DAYS} days"),
            ("awaiting-review", "Waiting for clinical review"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.review_overdue()
        if self.value() == "soon":
            return queryset.review_due_within(REVIEW_SOON_DAYS)
        if self.value() == "awaiting-review":
            return queryset.awaiting_review()
        return queryset


class VisibilityFilter(admin.SimpleListFilter):
    title = "public visibility"
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [("live", "Live now"), ("scheduled", "Scheduled"), ("draft", "Not public")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "live":
            return queryset.published()
        if self.value() == "scheduled":
            return queryset.filter(status=Article.Status.PUBLISHED, publish_at__gt=now)
        if self.value() == "draft":
            return queryset.exclude(status=Article.Status.PUBLISHED)
        return queryset


class WorkingCopyForm(forms.ModelForm):
    """The working copy's title, summary and body are required to save."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in TEXT_FIELDS:
            if name in self.fields:
                self.fields[name].required = True
        if "draft_summary" in self.fields:
            self.fields["draft_summary"].widget = forms.Textarea(attrs={"rows": 2, "maxlength": 300})
        if "slug" in self.fields:
            # A translation takes its original's address; only an original needs one typed.
            self.fields["slug"].required = False
            self.fields["slug"].help_text += " Leave empty for a translation."

        if "language" in self.fields:
            self.fields["language"].required = False  # English unless chosen

    def clean_language(self):
        return self.cleaned_data.get("language") or settings.LANGUAGE_CODE

    def clean(self):
        cleaned = super().clean()
        original = cleaned.get("translation_of")
        if original is not None:
            cleaned["slug"] = original.slug
            self.instance.slug = original.slug
        elif "slug" in self.fields and not cleaned.get("slug"):
            self.add_error("slug", "Give the page an address (slug), or choose the English original it translates.")
        return cleaned


class ClinicalReviewAdmin(CompareVersionAdmin):
    """What articles and pages share: the workflow, revisions, writing help and preview."""

    form = WorkingCopyForm
    change_form_template = "admin/articles/workflow_change_form.html"
    # Django's own list, without reversion's "Recover deleted" button (recovering is refused below).
    change_list_template = None
    history_latest_first = True
    actions = [
        "send_for_review", "approve_selected", "publish_selected", "unpublish_selected", "mark_translations_current",
    ]
    review_readonly = [
        "workflow_summary", "writing_help", "last_reviewed", "next_review_due", "reviewer", "preview_link",
        "updated_at", "translation_status",
    ]
    translation_fields = ("Language", {
        "fields": ["language", "translation_of", "translation_status"],
        "description": "A translation lives at its English original's address under /es/, and is "
                       "flagged when the English text is published with changes after it.",
    })

    # Editing ---------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change or set(TEXT_FIELDS) & set(form.changed_data):
            obj.record_edit(request.user)
        super().save_model(request, obj, form, change)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["workflow_buttons"] = self.workflow_buttons(request, obj) if obj else []
        context["preview_url"] = (
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_preview", args=[obj.pk]) if obj else ""
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_buttons(self, request, obj):
        """The steps that make sense now (the model checks the rules again when pressed)."""
        buttons = []
        if obj.workflow_state in (Workflow.DRAFT, Workflow.PUBLISHED):
            buttons.append("_submit_review")
        if obj.workflow_state == Workflow.IN_REVIEW and is_clinical_reviewer(request.user):
            buttons.append("_approve")
        if obj.workflow_state == Workflow.APPROVED:
            buttons.append("_publish")
        if obj.status == PublicStatus.PUBLISHED:
            buttons.append("_unpublish")
        if obj.is_translation and obj.translation_outdated:
            buttons.append("_translation_current")
        return [(name, WORKFLOW_BUTTONS[name][0]) for name in buttons]

    def response_change(self, request, obj):
        for name, (_label, method, done) in WORKFLOW_BUTTONS.items():
            if name in request.POST:
                self.run_step(request, obj, method, done)
                return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if "_submit_review" in request.POST:
            self.run_step(request, obj, "submit_for_review", WORKFLOW_BUTTONS["_submit_review"][2])
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                                                args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    def run_step(self, request, obj, method, done):
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        obj.refresh_from_db()
        try:
            with transaction.atomic():
                getattr(obj, method)(request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return False
        self.message_user(request, done, messages.SUCCESS)
        return True

    # Bulk steps from the list ------------------------------------------------------------------

    def _bulk(self, request, queryset, method, done):
        succeeded = 0
        for obj in queryset:
            try:
                with transaction.atomic():
                    getattr(obj, method)(request.user)
                succeeded += 1
            except ValidationError as error:
                self.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
        if succeeded:
            self.message_user(request, f"{done} ({succeeded})", messages.SUCCESS)

    @admin.action(description="Send selected for clinical review", permissions=["change"])
    def send_for_review(self, request, queryset):
        self._bulk(request, queryset, "submit_for_review", "Sent for clinical review")

    @admin.action(description="Approve selected (clinical reviewers)", permissions=["change"])
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, "approve", "Approved")

    @admin.action(description="Publish selected approved text", permissions=["change"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, "publish", "Published")

    @admin.action(description="Unpublish selected", permissions=["change"])
    def unpublish_selected(self, request, queryset):
        self._bulk(request, queryset, "unpublish", "Unpublished")

    @admin.action(description="Mark selected translations as matching the current English text",
                  permissions=["change"])
    def mark_translations_current(self, request, queryset):
        self._bulk(request, queryset.select_related("translation_of"), "mark_translation_current",
                   "Marked as matching the English original")

    # Read-only panels --------------------------------------------------------------------------

    @admin.display(description="Clinical review")
    def workflow_summary(self, obj):
        if not obj.pk:
            return "New: save it, then send it for clinical review."
        return format_html("{}", render_to_string("admin/articles/workflow_summary.html", {"obj": obj}))

    @admin.display(description="Translation")
    def translation_status(self, obj):
        if not obj.pk:
            return "Choose the language and, for a translation, its English original."
        if obj.is_translation:
            original = obj.translation_of
            link = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[original.pk])
            history = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_history", args=[original.pk])
            if obj.translation_outdated:
                return format_html(
                    '<strong class="kap-overdue">Out of date:</strong> the English original, <a href="{}">{}</a>, '
                    'was published with changes after this translation was brought in line with it (see its '
                    '<a href="{}">history</a>). Update this text, then press "Translation matches the current '
                    'English text".', link, original, history,
                )
            return format_html('Up to date with the published English original, <a href="{}">{}</a>.', link, original)
        translations = list(obj.translations.all())
        if not translations:
            return "English original; no translation yet."
        items = format_html_join(", ", '<a href="{}">{}</a>{}', (
            (reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[t.pk]),
             t.get_language_display(), " (out of date)" if t.translated_from_hash != obj.published_hash else "")
            for t in translations
        ))
        return format_html("English original. Translations: {}.", items)

    @admin.display(description="Language", ordering="language")
    def language_label(self, obj):
        if obj.is_translation and obj.translation_outdated:
            return format_html('{} <strong class="kap-overdue">(out of date)</strong>', obj.get_language_display())
        return obj.get_language_display()

    @admin.display(description="Medically reviewed by (public)")
    def reviewer(self, obj):
        return obj.reviewer_display or "Not reviewed yet"

    @admin.display(description="Help while writing")
    def writing_help(self, obj):
        report = check_writing(
            obj.draft_title, obj.draft_summary, obj.draft_body,
            reference_count=obj.references.count() if isinstance(obj, Article) and obj.pk else 0,
            hero_image=bool(getattr(obj, "hero_image", None)), hero_alt=getattr(obj, "hero_alt", ""),
            language=obj.language,
        )
        return format_html("{}", render_to_string(
            "admin/articles/writing_help.html",
            {"report": report, "counts_references": isinstance(obj, Article)},
        ))

    @admin.display(description="Preview")
    def preview_link(self, obj):
        if not obj.pk:
            return "Save first to preview."
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_preview", args=[obj.pk])
        links = format_html('<a href="{}" target="_blank" rel="noopener">Preview the working copy</a>', url)
        if obj.is_public:
            links = format_html('{} · <a href="{}" target="_blank" rel="noopener">View on site</a>', links,
                                obj.get_absolute_url())
        return links

    @admin.display(description="Status", ordering="workflow_state")
    def state(self, obj):
        label = obj.workflow_label
        if obj.workflow_state == Workflow.IN_REVIEW:
            return format_html('<strong class="kap-warning">{}</strong>', label)
        return label

    @admin.display(description="Review due", ordering="next_review_due")
    def review_due(self, obj):
        if not obj.next_review_due:
            return "—"
        label = obj.next_review_due.strftime("%b %-d, %Y")
        if obj.status == PublicStatus.PUBLISHED and obj.review_overdue:
            return format_html('<strong class="kap-overdue">Overdue: {}</strong>', label)
        if obj.status == PublicStatus.PUBLISHED and obj.next_review_due <= timezone.localdate() + datetime.timedelta(
            days=REVIEW_SOON_DAYS
        ):
            return format_html('<strong class="kap-warning">Due soon: {}</strong>', label)
        return label

    # Preview, restore --------------------------------------------------------------------------

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("<path:object_id>/preview/", self.admin_site.admin_view(self.preview_view), name=f"{prefix}_preview"),
            path("writing-help/", self.admin_site.admin_view(self.writing_help_view), name=f"{prefix}_writing_help"),
        ] + super().get_urls()

    def preview_object(self, obj):
        """The working copy dressed as the public page would show it (nothing is saved)."""
        obj.title, obj.summary, obj.body = obj.draft_title, obj.draft_summary, obj.draft_body
        obj.body_html = render_markdown(obj.draft_body)
        # The reviewer the public would see: whoever approved this working copy, if anyone has.
        obj.reviewed_by = obj.approved_clinician if obj.approved_hash == obj.working_hash else None
        obj.is_preview = True
        return obj

    def writing_help_view(self, request):
        """The help panel for text not saved yet (the edit page asks as staff type)."""
        if request.method != "POST":
            raise PermissionDenied
        report = check_writing(
            request.POST.get("draft_title", ""), request.POST.get("draft_summary", ""),
            request.POST.get("draft_body", ""),
            reference_count=sum(1 for key, value in request.POST.items()
                                if key.startswith("references-") and key.endswith("-url") and value.strip()),
            hero_image=request.POST.get("has_hero") == "1", hero_alt=request.POST.get("hero_alt", ""),
            language="es" if request.POST.get("language") == "es" else "en",
        )
        return TemplateResponse(request, "admin/articles/writing_help.html",
                                {"report": report, "counts_references": self.model is Article},
                                headers={"Cache-Control": "no-store"})

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restore an earlier revision's text: a new revision, which goes back to clinical review.
        (Reversion's own restore would also bring back the old public state and approval.)"""
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_for_object(obj), pk=version_id)
        old = version.field_dict
        text = {name: old.get(name) or old.get(name.removeprefix("draft_"), "") for name in TEXT_FIELDS}
        if request.method == "POST":
            obj.restore_text(text["draft_title"], text["draft_summary"], text["draft_body"], user=request.user,
                             when=version.revision.date_created)
            self.message_user(request, "The earlier text is back as the working copy and waits for clinical review. "
                              "The public still sees the approved text.", messages.SUCCESS)
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                                                args=[obj.pk]))
        diff = "\n".join(
            line
            for name in TEXT_FIELDS
            for line in difflib.unified_diff(
                (getattr(obj, name) or "").splitlines(), (text[name] or "").splitlines(),
                fromfile=f"{name.removeprefix('draft_')} now", tofile=f"{name.removeprefix('draft_')} then",
                lineterm="",
            )
        )
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "original": obj, "version": version,
            "text": text, "diff": diff, "title": f"Restore an earlier text of “{obj}”",
        }
        return TemplateResponse(request, "admin/articles/restore_revision.html", context)

    def recover_view(self, request, version_id, extra_context=None):
        # Bringing back a deleted item would bring back its public state without a review.
        raise PermissionDenied

    def recoverlist_view(self, request, extra_context=None):
        raise PermissionDenied

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/writing_help.js"]


@admin.register(Article)
class ArticleAdmin(ClinicalReviewAdmin):
    list_display = [
        "title", "language_label", "state", "topic_list", "reviewer", "review_due", "readability", "preview_link",
    ]
    list_filter = ["language", TranslationFilter, "workflow_state", VisibilityFilter, ReviewDueFilter, "topics",
                   "featured"]
    search_fields = ["title", "draft_title", "summary", "body", "draft_body"]
    prepopulated_fields = {"slug": ["draft_title"]}
    filter_horizontal = ["topics"]
    date_hierarchy = "publish_at"
    inlines = [ReferenceInline]
    readonly_fields = ClinicalReviewAdmin.review_readonly + ["reading_time", "readability_grade"]
    fieldsets = [
        ("Clinical review", {"fields": ["workflow_summary", "preview_link"]}),
        (None, {"fields": ["draft_title", "slug", "draft_summary", "draft_body", "topics", "featured"]}),
        ("Help while writing", {"fields": ["writing_help"], "classes": ["kap-writing-help"]}),
        ClinicalReviewAdmin.translation_fields,
        ("Hero image", {"fields": ["hero_image", "hero_alt"]}),
        ("Publishing", {
            "fields": ["publish_at", "author"],
            "description": "A future time schedules the article once it is published.",
        }),
        ("Review dates", {"fields": ["reviewer", "last_reviewed", "next_review_due", "review_every_days"]}),
        ("Live page", {"fields": ["reading_time", "readability_grade", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("reviewed_by", "translation_of")
            .prefetch_related("topics")
            .defer("body", "body_html", "draft_body", "search_document", "translation_of__body",
                   "translation_of__body_html", "translation_of__draft_body", "translation_of__search_document")
        )

    @admin.display(description="Topics")
    def topic_list(self, obj):
        return ", ".join(t.name for t in obj.topics.all())

    @admin.display(description="Grade (Spanish: ease)", ordering="readability_grade")
    def readability(self, obj):
        if readability_too_hard(obj.readability_grade, obj.language):
            return format_html('<strong class="kap-overdue">{} (too hard)</strong>', obj.readability_grade)
        return obj.readability_grade

    def preview_view(self, request, object_id):
        obj = self.preview_object(get_object_or_404(Article.objects.select_related("reviewed_by"), pk=object_id))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        view = ArticleDetailView(request=request, kwargs={"slug": obj.slug})
        view.object = obj
        with translation.override(obj.language):
            response = TemplateResponse(request, "articles/article_detail.html", view.get_context_data(object=obj))
            response.render()
        response["Cache-Control"] = "no-store"
        return response


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "name_es", "slug", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_articles=Count("articles"))

    @admin.display(description="Articles", ordering="num_articles")
    def article_count(self, obj):
        return obj.num_articles


@admin.register(Page)
class PageAdmin(ClinicalReviewAdmin):
    list_display = [
        "title", "slug", "language_label", "state", "reviewer", "review_due", "menu_order", "updated_at",
        "preview_link",
    ]
    list_filter = ["language", TranslationFilter, "workflow_state", ReviewDueFilter]
    search_fields = ["title", "draft_title", "body", "draft_body"]
    prepopulated_fields = {"slug": ["draft_title"]}
    readonly_fields = ClinicalReviewAdmin.review_readonly
    fieldsets = [
        ("Clinical review", {"fields": ["workflow_summary", "preview_link"]}),
        (None, {"fields": ["draft_title", "slug", "draft_summary", "draft_body", "menu_order"]}),
        ("Help while writing", {"fields": ["writing_help"], "classes": ["kap-writing-help"]}),
        ClinicalReviewAdmin.translation_fields,
        ("Review dates", {
            "fields": ["reviewer", "last_reviewed", "next_review_due", "review_every_days"],
            "description": "The crisis page's phone numbers and links are checked every 90 days.",
        }),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reviewed_by", "translation_of")

    def preview_view(self, request, object_id):
        obj = self.preview_object(get_object_or_404(Page.objects.select_related("reviewed_by"), pk=object_id))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        view = PageDetailView(request=request, kwargs={"slug": obj.slug})
        view.object = obj
        with translation.override(obj.language):
            response = TemplateResponse(request, "articles/page_detail.html", view.get_context_data(object=obj))
            response.render()
        response["Cache-Control"] = "no-store"
        return response
