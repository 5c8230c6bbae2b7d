from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils import timezone
from django.utils.html import format_html

from .models import Article, Page, Reference, Topic


class ReferenceInline(admin.TabularInline):
    model = Reference
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    extra = 1
    fields = ["position", "title", "publisher", "year", "url"]


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Review overdue"),
            ("soon", "Due within 60 days"),
            ("awaiting-reviewer", "Awaiting a reviewer's name"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.review_overdue()
        if self.value() == "soon":
            return queryset.filter(next_review_due__range=(today, today + timezone.timedelta(days=60)))
        if self.value() == "awaiting-reviewer":
            return queryset.awaiting_reviewer_name()
        return queryset


class VisibilityFilter(admin.SimpleListFilter):
    title = "public visibility"
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [("live", "Live now"), ("scheduled", "Scheduled"), ("draft", "Draft")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "live":
            return queryset.published()
        if self.value() == "scheduled":
            return queryset.filter(status=Article.Status.PUBLISHED, publish_at__gt=now)
        if self.value() == "draft":
            return queryset.filter(status=Article.Status.DRAFT)
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "visibility", "topic_list", "reviewer", "review_due", "readability", "preview_link"]
    list_filter = [VisibilityFilter, ReviewDueFilter, "topics", "featured"]
    search_fields = ["title", "summary", "body", "reviewer_name"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["topics"]
    date_hierarchy = "publish_at"
    inlines = [ReferenceInline]
    readonly_fields = ["reading_time", "readability_grade", "preview_link", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "topics", "featured"]}),
        ("Hero image", {"fields": ["hero_image", "hero_alt"]}),
        ("Publishing", {"fields": ["status", "publish_at", "author", "preview_link"]}),
        (
            "Medical review",
            {
                "fields": [
                    "reviewer_role", "reviewer_name", "reviewer_credentials", "last_reviewed", "next_review_due",
                ],
                "description": "Articles show the reviewer's role until a real name and credentials are entered.",
            },
        ),
        ("Computed", {"fields": ["reading_time", "readability_grade", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics").defer("body", "body_html", "search_document")

    @admin.display(description="Status", ordering="status")
    def visibility(self, obj):
        if obj.status == Article.Status.DRAFT:
            return "Draft"
        return "Scheduled" if obj.is_scheduled else "Published"

    @admin.display(description="Topics")
    def topic_list(self, obj):
        return ", ".join(t.name for t in obj.topics.all())

    @admin.display(description="Reviewer")
    def reviewer(self, obj):
        if not obj.reviewer_name or not obj.reviewer_credentials:
            return format_html('<span class="kap-warning">Awaiting name ({})</span>', obj.reviewer_role)
        return obj.reviewer_display

    @admin.display(description="Review due", ordering="next_review_due")
    def review_due(self, obj):
        label = obj.next_review_due.strftime("%b %-d, %Y")
        if obj.review_overdue:
            return format_html('<strong class="kap-overdue">Overdue: {}</strong>', label)
        return label

    @admin.display(description="Grade", ordering="readability_grade")
    def readability(self, obj):
        if obj.readability_grade > 8:
            return format_html('<strong class="kap-overdue">{} (too hard)</strong>', obj.readability_grade)
        return obj.readability_grade

    @admin.display(description="Preview")
    def preview_link(self, obj):
        if not obj.pk:
            return "Save first to preview."
        label = "View on site" if obj.is_public else "Preview"
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', obj.get_absolute_url(), label)

    class Media:
        css = {"all": ["css/admin.css"]}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_articles=Count("articles"))

    @admin.display(description="Articles", ordering="num_articles")
    def article_count(self, obj):
        return obj.num_articles


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "menu_order", "last_reviewed", "updated_at", "preview_link"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["preview_link"]

    @admin.display(description="Page")
    def preview_link(self, obj):
        if not obj.pk:
            return "Save first to view."
        return format_html('<a href="{}" target="_blank" rel="noopener">View on site</a>', obj.get_absolute_url())
