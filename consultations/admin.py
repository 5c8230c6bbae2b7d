import csv
import datetime

import phonenumbers
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Case, Count, Exists, Min, OuterRef, Q, Value, When
from django.db.models.functions import TruncWeek
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince

from .models import (
    TRIAGE_ORDER,
    AccessLogEntry,
    ConsultationNote,
    ConsultationRequest,
    Notice,
    PriorityChange,
    StatusChange,
    overdue_condition,
    validate_outcome,
)
from .notices import queue_urgent_alert
from .services import clear_spam_flag

Status = ConsultationRequest.Status
PRESCREEN_FIELDS = list(ConsultationRequest.PRESCREEN_FLAGS)
# What the person sent, shown read-only in the form's order (the pre-screen answers apart).
SENT_FIELDS = [
    "reference", "received_at",
    *("help_with_display" if name == "help_with" else name
      for name in ConsultationRequest.SUBMITTED_FIELDS if name not in PRESCREEN_FIELDS),
    "source_article",
]
ANSWERED = [ConsultationRequest.Answer.YES, ConsultationRequest.Answer.UNSURE]
FLAG_FILTERS = {
    "crisis": ("Crisis language", Q(crisis_language=True)),
    **{name: (label, Q(**{f"{name}__in": ANSWERED})) for name, label in ConsultationRequest.PRESCREEN_FLAGS.items()},
    "outside-states": ("Outside licensed states", Q(outside_licensed_states=True)),
    "notice-not-sent": ("Notice not sent", Q(notices__state=Notice.State.FAILED)),
}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "|", "%")


def spreadsheet_safe(value):
    """Text a spreadsheet will show, never run: formulas get a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class SpamFilter(admin.SimpleListFilter):
    title = "suspected spam"
    parameter_name = "spam"

    def lookups(self, request, model_admin):
        return [("only", "Only suspected spam"), ("all", "Everything")]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "Hide suspected spam",
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == "only":
            return queryset.filter(suspected_spam=True)
        if self.value() == "all":
            return queryset
        return queryset.filter(suspected_spam=False)


class AssigneeFilter(admin.SimpleListFilter):
    title = "assignee"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", "Assigned to me"), ("nobody", "Unassigned")]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assignee=request.user)
        if self.value() == "nobody":
            return queryset.filter(assignee__isnull=True)
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = "first contact"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue for first contact")]

    def queryset(self, request, queryset):
        return queryset.overdue() if self.value() == "yes" else queryset


class FlagFilter(admin.SimpleListFilter):
    title = "flags"
    parameter_name = "flag"

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _q) in FLAG_FILTERS.items()]

    def queryset(self, request, queryset):
        if self.value() in FLAG_FILTERS:
            return queryset.filter(FLAG_FILTERS[self.value()][1]).distinct()
        return queryset


class AppendOnlyHistoryInline(admin.TabularInline):
    """Rows already written: shown, never added, edited or removed here."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class NoteHistoryInline(AppendOnlyHistoryInline):
    model = ConsultationNote
    verbose_name_plural = "Notes"
    fields = ["created_at", "author", "body"]


class NewNoteInline(admin.StackedInline):
    model = ConsultationNote
    verbose_name = "Add a note"
    verbose_name_plural = "Add a note"
    fields = ["body"]
    extra = 1
    max_num = 1
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_change_permission(self, request, obj=None):
        # The form must be editable to add a note; existing notes are in NoteHistoryInline.
        return self.has_add_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)


class NoticeInline(AppendOnlyHistoryInline):
    model = Notice
    verbose_name = "Email"
    verbose_name_plural = "Emails about this request"
    fields = ["kind", "recipient_label", "state", "attempts", "sent_at", "last_error"]

    @admin.display(description="To")
    def recipient_label(self, obj):
        return obj.recipient_label


class PriorityHistoryInline(AppendOnlyHistoryInline):
    model = PriorityChange
    verbose_name_plural = "Priority history"
    fields = ["changed_at", "from_priority", "to_priority", "reason", "changed_by"]


class StatusHistoryInline(AppendOnlyHistoryInline):
    model = StatusChange
    verbose_name_plural = "Status history"
    fields = ["changed_at", "from_status", "to_status", "outcome", "changed_by"]


class CloseRequestsForm(forms.Form):
    outcome = forms.ChoiceField(choices=[("", "Choose an outcome")] + ConsultationRequest.Outcome.choices)
    outcome_reason = forms.CharField(
        label="Reason (needed for 'not a fit')", required=False, max_length=300,
        widget=forms.TextInput(attrs={"size": 60}),
    )

    def clean(self):
        cleaned = super().clean()
        try:
            validate_outcome(cleaned.get("outcome"), cleaned.get("outcome_reason"))
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


class ConsultationRequestAdminForm(forms.ModelForm):
    class Meta:
        model = ConsultationRequest
        fields = ["priority", "status", "outcome", "outcome_reason", "assignee", "suspected_spam"]

    priority_reason = forms.CharField(
        label="Why the priority changed", required=False, max_length=300,
        help_text="Needed when you mark a request urgent or not urgent. Kept in the priority history.",
        widget=forms.TextInput(attrs={"size": 60}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "assignee" in self.fields:
            self.fields["assignee"].queryset = get_user_model().objects.filter(is_staff=True, is_active=True)
            # Staff pick a colleague here; they do not manage user accounts from a request.
            widget = self.fields["assignee"].widget
            for flag in ("can_add_related", "can_change_related", "can_delete_related", "can_view_related"):
                setattr(widget, flag, False)
    # The outcome rules are the model's (ConsultationRequest.clean), which a ModelForm runs.

    def clean(self):
        cleaned = super().clean()
        if "priority" in self.changed_data and not (cleaned.get("priority_reason") or "").strip():
            self.add_error("priority_reason", "Please say why the priority changed.")
        return cleaned


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(admin.ModelAdmin):
    form = ConsultationRequestAdminForm
    list_display = ["reference", "person", "received", "priority_label", "status", "assignee", "flag_list"]
    list_display_links = ["reference", "person"]
    list_filter = [SpamFilter, "status", "priority", AssigneeFilter, OverdueFilter, FlagFilter, "state"]
    list_select_related = ["assignee"]
    list_per_page = 50
    search_fields = ["reference", "full_name", "preferred_name", "email", "phone"]
    search_help_text = "Search by name, email, phone or reference."
    ordering = TRIAGE_ORDER
    actions = ["assign_to_me", "mark_contacted", "close_with_outcome", "export_csv"]
    inlines = [PriorityHistoryInline, StatusHistoryInline, NoticeInline, NoteHistoryInline, NewNoteInline]
    readonly_fields = SENT_FIELDS + PRESCREEN_FIELDS + [
        "flag_list", "crisis_reason", "spam_reason", "first_contacted_at", "closed_at", "purged_at",
    ]
    fieldsets = [
        ("Triage", {"fields": ["priority", "priority_reason", "crisis_reason", "status", "outcome", "outcome_reason",
                               "assignee", "suspected_spam", "spam_reason", "flag_list", "first_contacted_at",
                               "closed_at"]}),
        ("What they sent (read-only)", {"fields": SENT_FIELDS}),
        ("Pre-screen answers (read-only; flags, never a rejection)", {"fields": PRESCREEN_FIELDS}),
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

    # Queries -------------------------------------------------------------------------------

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            is_overdue=Case(When(overdue_condition(), then=Value(True)), default=Value(False),
                            output_field=BooleanField()),
            notices_not_sent=Exists(Notice.objects.not_sent().filter(request=OuterRef("pk"))),
        )

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Staff type phone numbers the way people say them; we store them as +15035550142.
        try:
            number = phonenumbers.parse(search_term, "US")
        except phonenumbers.NumberParseException:
            return results, may_have_duplicates
        if phonenumbers.is_possible_number(number):
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            results |= queryset.filter(phone=e164)
        return results, may_have_duplicates

    # Columns -------------------------------------------------------------------------------

    @admin.display(description="Name", ordering="full_name")
    def person(self, obj):
        return obj.display_name

    @admin.display(description="Received", ordering="received_at")
    def received(self, obj):
        local = timezone.localtime(obj.received_at)
        age = timesince(obj.received_at, depth=1)
        if getattr(obj, "is_overdue", False):
            return format_html('{}<br><strong class="kap-overdue">Overdue: {} waiting</strong>',
                               local.strftime("%b %-d, %-I:%M %p"), age)
        return format_html('{}<br><span class="kap-age">{} ago</span>', local.strftime("%b %-d, %-I:%M %p"), age)

    @admin.display(description="Priority", ordering="priority")
    def priority_label(self, obj):
        if obj.priority == ConsultationRequest.Priority.URGENT:
            return format_html('<strong class="kap-urgent">{}</strong>', obj.get_priority_display())
        return obj.get_priority_display()

    @admin.display(description="Flags")
    def flag_list(self, obj):
        labels = [label for label in obj.flags if label != "Crisis language"]
        labels += ["Suspected spam"] if obj.suspected_spam else []
        if getattr(obj, "notices_not_sent", False):
            labels.append("Notice not sent")
        # Not styled like an ordinary flag: it means "call this person first".
        crisis = mark_safe('<strong class="kap-crisis-tag">Crisis: call first</strong> ') if obj.is_urgent else ""  # noqa: S308 (fixed markup)
        flags = format_html_join(" ", '<span class="kap-flag">{}</span>', ((label,) for label in labels))
        return format_html("{}{}", crisis, flags) if (crisis or flags) else "-"

    @admin.display(description="Wants help with")
    def help_with_display(self, obj):
        choices = dict(ConsultationRequest.HelpWith.choices)
        return ", ".join(choices.get(item, item) for item in obj.help_with) or "-"

    # Permissions ---------------------------------------------------------------------------

    def has_add_permission(self, request):
        return False  # Requests come from the public form only.

    def has_export_permission(self, request):
        return request.user.has_perm("consultations.export_consultationrequest")

    # Views and saving ----------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, object_id)
            if obj is not None and self.has_view_or_change_permission(request, obj):
                AccessLogEntry.record(request.user, obj, AccessLogEntry.Action.VIEWED)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        new_status = form.cleaned_data.get("status", obj.status)
        old_status, was_spam, old_priority = ConsultationRequest.objects.values_list(
            "status", "suspected_spam", "priority"
        ).get(pk=obj.pk)
        new_priority = obj.priority
        obj.priority = old_priority
        obj.change_priority(new_priority, request.user, form.cleaned_data.get("priority_reason", ""))
        if new_priority == ConsultationRequest.Priority.URGENT and old_priority != new_priority:
            queue_urgent_alert(obj)
        if new_status != old_status:
            obj.status = old_status
            obj.change_status(new_status, request.user, outcome=form.cleaned_data.get("outcome", ""),
                              reason=form.cleaned_data.get("outcome_reason", ""))
        else:
            obj.save()
        if was_spam and not obj.suspected_spam:
            clear_spam_flag(obj)
        if form.changed_data:
            AccessLogEntry.record(request.user, obj, AccessLogEntry.Action.CHANGED,
                                  "Changed: " + ", ".join(form.changed_data))

    def save_formset(self, request, form, formset, change):
        if formset.model is not ConsultationNote:
            return super().save_formset(request, form, formset, change)
        for note in formset.save(commit=False):
            if note._state.adding and note.body.strip():
                note.author = request.user
                note.save()
                AccessLogEntry.record(request.user, form.instance, AccessLogEntry.Action.CHANGED, "Added a note")
        return None

    def delete_model(self, request, obj):
        AccessLogEntry.record(request.user, obj, AccessLogEntry.Action.DELETED)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            AccessLogEntry.record(request.user, obj, AccessLogEntry.Action.DELETED)
        super().delete_queryset(request, queryset)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "triage_summary": self.triage_summary()}
        return super().changelist_view(request, extra_context)

    def triage_summary(self):
        requests = ConsultationRequest.objects.filter(suspected_spam=False)
        counts = dict(requests.values_list("status").annotate(n=Count("id")).order_by())
        oldest_new = requests.filter(status=Status.NEW).aggregate(oldest=Min("received_at"))["oldest"]
        today = timezone.localdate()
        first_week = today - datetime.timedelta(days=today.weekday(), weeks=11)
        weekly = dict(
            requests.filter(received_at__date__gte=first_week)
            .annotate(week=TruncWeek("received_at"))
            .values_list("week")
            .annotate(n=Count("id"))
            .order_by()
        )
        weekly = {timezone.localdate(week) if isinstance(week, datetime.datetime) else week: n
                  for week, n in weekly.items()}
        weeks = [first_week + datetime.timedelta(weeks=i) for i in range(12)]
        per_week = [(week, weekly.get(week, 0)) for week in weeks]
        peak = max([n for _w, n in per_week] + [1])
        bars = [
            {"week": week, "count": n, "x": i * 22, "height": round(60 * n / peak), "y": 60 - round(60 * n / peak)}
            for i, (week, n) in enumerate(per_week)
        ]
        return {
            "counts": [(label, counts.get(value, 0)) for value, label in Status.choices],
            "oldest_new_age": timesince(oldest_new, depth=2) if oldest_new else None,
            "overdue": requests.overdue().count(),
            "notices_not_sent": requests.filter(notices__state=Notice.State.FAILED).distinct().count(),
            "bars": bars,
            "total_weeks": sum(n for _w, n in per_week),
        }

    # Actions -------------------------------------------------------------------------------

    @admin.action(description="Assign to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        for obj in queryset:
            obj.assignee = request.user
            obj.save(update_fields=["assignee", "updated_at"])
            AccessLogEntry.record(request.user, obj, AccessLogEntry.Action.CHANGED, "Changed: assignee")
        self.message_user(request, f"Assigned {len(queryset)} request(s) to you.", messages.SUCCESS)

    @admin.action(description="Mark as contacted", permissions=["change"])
    def mark_contacted(self, request, queryset):
        changed = 0
        for obj in queryset.filter(status=Status.NEW):
            obj.change_status(Status.CONTACTED, request.user)
            AccessLogEntry.record(request.user, obj, AccessLogEntry.Action.CHANGED, "Changed: status")
            changed += 1
        self.message_user(request, f"Marked {changed} request(s) as contacted.", messages.SUCCESS)

    @admin.action(description="Close with an outcome…", permissions=["change"])
    def close_with_outcome(self, request, queryset):
        form = CloseRequestsForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            for obj in queryset:
                obj.change_status(Status.CLOSED, request.user, outcome=form.cleaned_data["outcome"],
                                  reason=form.cleaned_data["outcome_reason"])
                AccessLogEntry.record(request.user, obj, AccessLogEntry.Action.CHANGED, "Changed: status, outcome")
            self.message_user(request, f"Closed {len(queryset)} request(s).", messages.SUCCESS)
            return None
        return TemplateResponse(
            request,
            "admin/consultations/consultationrequest/close_requests.html",
            {
                **self.admin_site.each_context(request),
                "title": "Close requests with an outcome",
                "opts": self.model._meta,
                "queryset": queryset,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description="Export selected to CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="consultation-requests.csv"'
        response["Cache-Control"] = "no-store"
        columns = [
            "reference", "received_at", "status", "outcome", "priority",
            *(name for name in ConsultationRequest.SUBMITTED_FIELDS if name not in PRESCREEN_FIELDS),
            "assignee", "first_contacted_at", "closed_at",
        ]
        writer = csv.writer(response)
        writer.writerow(columns + ["flags"])
        for obj in queryset.select_related("assignee"):
            row = [getattr(obj, column) for column in columns]
            row[columns.index("help_with")] = ", ".join(obj.help_with)
            row[columns.index("assignee")] = obj.assignee.get_username() if obj.assignee else ""
            writer.writerow([spreadsheet_safe(value) for value in row] + [spreadsheet_safe("; ".join(obj.flags))])
            AccessLogEntry.record(request.user, obj, AccessLogEntry.Action.EXPORTED)
        return response


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """Who opened, changed or exported which request. Append-only: nobody edits or deletes it."""

    list_display = ["at", "username", "action", "request_reference", "detail"]
    list_filter = ["action", "at"]
    search_fields = ["username", "request_reference"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
