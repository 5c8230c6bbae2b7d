"""Staff triage in the Django admin: the inbox, the request page, the contact log, reply
templates, duplicates, export, a person's data, and the access log."""

import csv
import datetime
import json

import phonenumbers
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import BooleanField, Case, Count, Exists, Min, OuterRef, Q, Value, When
from django.db.models.functions import TruncWeek
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.views.decorators.csrf import csrf_protect

from .business_hours import business_hours_between
from .models import (
    DUPLICATE_WINDOW_DAYS,
    LANGUAGE_NAMES_FOR_STAFF,
    TRIAGE_ORDER,
    US_STATES,
    AccessLogEntry,
    ConsultationNote,
    ConsultationRequest,
    ContactAttempt,
    Notice,
    PriorityChange,
    ReplyTemplate,
    StaleRequestError,
    StatusChange,
    overdue_condition,
    validate_outcome,
)
from .notices import queue_reply, queue_urgent_alert
from .services import clear_spam_flag

Status = ConsultationRequest.Status
Outcome = ConsultationRequest.Outcome
PRESCREEN_FIELDS = list(ConsultationRequest.PRESCREEN_FLAGS)
# What the person sent, shown read-only in the form's order (the pre-screen answers apart);
# email and phone as links staff can tap.
LINKED = {"help_with": "help_with_display", "email": "email_link", "phone": "phone_link",
          "preferred_language": "language_summary"}
# Their own words and answers first (what staff read before calling), then how to reach them.
READ_FIRST = ["message", "help_with", "thoughts_of_suicide"]
SENT_FIELDS = [
    *(LINKED.get(name, name) for name in READ_FIRST),
    *(LINKED.get(name, name) for name in ConsultationRequest.SUBMITTED_FIELDS
      if name not in PRESCREEN_FIELDS and name not in READ_FIRST),
    "reference", "received_at", "source_article",
]
# What staff edit on the request page; the lock compares these.
TRIAGE_FIELDS = ["priority", "status", "outcome", "outcome_reason", "duplicate_of", "assignee", "suspected_spam"]
ANSWERED = [ConsultationRequest.Answer.YES, ConsultationRequest.Answer.UNSURE]
FLAG_FILTERS = {
    "crisis": ("Crisis language", Q(crisis_language=True)),
    **{name: (label, Q(**{f"{name}__in": ANSWERED})) for name, label in ConsultationRequest.PRESCREEN_FLAGS.items()},
    "outside-states": ("Outside licensed states", Q(outside_licensed_states=True)),
    "notice-not-sent": ("Notice not sent", Q(notices__state=Notice.State.FAILED)),
}
# Only what a spreadsheet would run as a formula. Phone numbers never start with "+" in an
# export (see phone_for_people), so they are not marked.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CONTACT_BUTTONS = [
    ("call:reached", "Called: reached them"), ("call:not-reached", "Called: no answer"),
    ("voicemail:not-reached", "Left a voicemail"), ("text:not-reached", "Sent a text"),
    ("email:not-reached", "Sent an email"),
]
# Saved on the server when a save arrives after the sign-in ended; restored once after signing in.
DRAFTS_SESSION_KEY = "kap_unsaved_drafts"
DRAFT_KEEP_SECONDS = 2 * 3600
PERIODS = {"7": ("Last 7 days", 7), "30": ("Last 30 days", 30), "90": ("Last 90 days", 90),
           "365": ("Last 12 months", 365), "all": ("All time", None)}
DEFAULT_PERIOD = "30"


def spreadsheet_safe(value):
    """Text a spreadsheet will show, never run: a value starting like a formula gets an apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def phone_for_people(e164):
    """A stored +15035550142 as staff read and dial it: (503) 555-0142; other countries as dialled
    from the US (011 44 ...), so it never starts with "+" (a formula in a spreadsheet)."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "US")
    except phonenumbers.NumberParseException:
        return e164.lstrip("+")
    if phonenumbers.region_code_for_number(number) == "US" or number.country_code == 1:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_out_of_country_calling_number(number, "US")


def local(moment, fmt="%b %-d, %Y, %-I:%M %p"):
    return timezone.localtime(moment).strftime(fmt) if moment else ""


def person_name(user):
    if user is None:
        return "(nobody)"
    return user.get_full_name() or user.get_username()


def field_label(name):
    try:
        return str(ConsultationRequest._meta.get_field(name).verbose_name).capitalize()
    except Exception:  # noqa: BLE001 - a form-only field
        return name.replace("_", " ").capitalize()


def value_label(name, value):
    """A triage value as staff say it: "Closed", "Urgent", "tess", "Yes"."""
    if value in (None, ""):
        return "(empty)"
    if name == "assignee":
        user = get_user_model().objects.filter(pk=value).first()
        return person_name(user)
    if name == "duplicate_of":
        return ConsultationRequest.objects.filter(pk=value).values_list("reference", flat=True).first() or "?"
    if name == "suspected_spam":
        return "Yes" if value else "No"
    field = ConsultationRequest._meta.get_field(name)
    return str(dict(field.flatchoices).get(value, value)) if field.choices else str(value)


def triage_values(obj):
    return {name: getattr(obj, ConsultationRequest._meta.get_field(name).attname) for name in TRIAGE_FIELDS}


# Filters ----------------------------------------------------------------------------------------

class InboxViewFilter(admin.SimpleListFilter):
    """The inbox's views. With no choice it shows open requests: closed ones leave the inbox."""

    title = "view"
    parameter_name = "view"
    VIEWS = {
        "open": "Open requests",
        "mine": "Mine (open)",
        "unassigned": "Unassigned (open)",
        "due": "Due today or overdue",
        "closed": "Closed",
        "all": "Everything",
    }

    def lookups(self, request, model_admin):
        return list(self.VIEWS.items())

    def choices(self, changelist):
        current = self.value() or ("all" if changelist.query else "open")
        for lookup, title in self.lookup_choices:
            yield {
                "selected": current == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        # A search with no view chosen looks everywhere: staff looking someone up want closed ones too.
        view = self.value() or ("all" if request.GET.get("q", "").strip() else "open")
        if view == "mine":
            return queryset.open().assigned_to(request.user)
        if view == "unassigned":
            return queryset.open().unassigned()
        if view == "due":
            return queryset.due_by_end_of_today()
        if view == "closed":
            return queryset.closed()
        if view == "all":
            return queryset
        return queryset.open()


class SpamFilter(admin.SimpleListFilter):
    title = "suspected spam"
    parameter_name = "spam"

    def lookups(self, request, model_admin):
        return [("only", "Only suspected spam"), ("all", "Spam and not spam")]

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
    title = "assigned to"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", "Me"), ("nobody", "Nobody")]

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
        return [(key, label) for key, (label, _q) in FLAG_FILTERS.items()] + [("duplicate", "Possible duplicate")]

    def queryset(self, request, queryset):
        if self.value() == "duplicate":
            return queryset.filter(has_possible_duplicate=True)
        if self.value() in FLAG_FILTERS:
            return queryset.filter(FLAG_FILTERS[self.value()][1]).distinct()
        return queryset


Language = ConsultationRequest.Language
LANGUAGE_FILTERS = {
    "sent-es": ("Sent in Spanish", Q(language=Language.SPANISH)),
    "sent-en": ("Sent in English", Q(language=Language.ENGLISH)),
    "prefers-es": ("Prefers to be contacted in Spanish", Q(preferred_language=Language.SPANISH)),
    "prefers-en": ("Prefers to be contacted in English", Q(preferred_language=Language.ENGLISH)),
}


class LanguageFilter(admin.SimpleListFilter):
    """The language of the form they used, and the one they asked us to contact them in."""

    title = "language"
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _q) in LANGUAGE_FILTERS.items()]

    def queryset(self, request, queryset):
        if self.value() in LANGUAGE_FILTERS:
            return queryset.filter(LANGUAGE_FILTERS[self.value()][1])
        return queryset


def staff_language_name(code):
    return LANGUAGE_NAMES_FOR_STAFF.get(code, code)


def language_summary_text(obj):
    """In plain words for staff, e.g. "Sent in Spanish; prefers to be contacted in Spanish"."""
    return (f"Sent in {staff_language_name(obj.language)}; "
            f"prefers to be contacted in {staff_language_name(obj.preferred_language)}")


# Histories on the request page: plain words, local time, no links out of triage ------------------

class HistoryFormSet(BaseInlineFormSet):
    """Rows shown for reading only: never bound to what a save posts, so a save needs no form data
    for them, and a page shown again after an error still lists them from the database."""

    def __init__(self, data=None, files=None, *args, **kwargs):
        super().__init__(None, None, *args, **kwargs)
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []

    def is_valid(self):
        return True

    def has_changed(self):
        return False

    def save(self, commit=True):
        return []


class OptionalNoteFormSet(BaseInlineFormSet):
    """The new-note box: a save posted without it (a script, an old page) simply adds no note."""

    def __init__(self, data=None, files=None, *args, prefix=None, **kwargs):
        prefix = prefix or self.get_default_prefix()
        if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
            data = files = None
            self.missing = True
        super().__init__(data, files, *args, prefix=prefix, **kwargs)

    missing = False

    def is_valid(self):
        return True if self.missing else super().is_valid()

    def save(self, commit=True):
        if self.missing:
            self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
            return []
        return super().save(commit)


class AppendOnlyHistoryInline(admin.TabularInline):
    """Rows already written: shown, never added, edited or removed here."""

    extra = 0
    can_delete = False
    formset = HistoryFormSet

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="When")
    def when(self, obj):
        return local(getattr(obj, "created_at", None) or getattr(obj, "changed_at", None)
                     or getattr(obj, "made_at", None) or getattr(obj, "sent_at", None))

    @admin.display(description="By")
    def by(self, obj):
        user = getattr(obj, "author", None) or getattr(obj, "changed_by", None) or getattr(obj, "made_by", None)
        return person_name(user) if user else "(the website)"


class NoteHistoryInline(AppendOnlyHistoryInline):
    model = ConsultationNote
    verbose_name = "Note"
    verbose_name_plural = "Notes"
    fields = ["when", "by", "body"]


class ContactAttemptInline(AppendOnlyHistoryInline):
    model = ContactAttempt
    verbose_name = "Contact attempt"
    verbose_name_plural = "Contact log"
    fields = ["when", "method", "reached_label", "by"]

    @admin.display(description="Result")
    def reached_label(self, obj):
        return "Reached them" if obj.reached else "Not reached"


class NewNoteInline(admin.StackedInline):
    model = ConsultationNote
    verbose_name = "Add a note"
    verbose_name_plural = "Add a note"
    formset = OptionalNoteFormSet
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
    fields = ["what", "recipient", "state", "sent", "by", "last_error"]

    @admin.display(description="Email")
    def what(self, obj):
        return f"{obj.get_kind_display()}: {obj.reply_template}" if obj.reply_template_id else obj.get_kind_display()

    @admin.display(description="To")
    def recipient(self, obj):
        return obj.recipient_label

    @admin.display(description="Sent")
    def sent(self, obj):
        return local(obj.sent_at) or "-"

    @admin.display(description="By")
    def by(self, obj):
        return person_name(obj.sent_by) if obj.sent_by_id else "(automatic)"


class PriorityHistoryInline(AppendOnlyHistoryInline):
    model = PriorityChange
    verbose_name_plural = "Priority history"
    fields = ["when", "change", "reason", "by"]

    @admin.display(description="Change")
    def change(self, obj):
        return f"{obj.get_from_priority_display()} → {obj.get_to_priority_display()}"


class StatusHistoryInline(AppendOnlyHistoryInline):
    model = StatusChange
    verbose_name_plural = "Status history"
    fields = ["when", "change", "outcome_label", "by"]

    @admin.display(description="Change")
    def change(self, obj):
        return f"{obj.get_from_status_display()} → {obj.get_to_status_display()}"

    @admin.display(description="Outcome")
    def outcome_label(self, obj):
        return obj.get_outcome_display() or "-"


# Forms -------------------------------------------------------------------------------------------

class CloseRequestsForm(forms.Form):
    outcome = forms.ChoiceField(choices=[("", "Choose an outcome")]
                                + [c for c in Outcome.choices if c[0] != Outcome.DUPLICATE])
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
    """The triage controls. Saving over a newer version is refused (see clean_version)."""

    class Meta:
        model = ConsultationRequest
        fields = TRIAGE_FIELDS

    priority_reason = forms.CharField(
        label="Why the priority changed", required=False, max_length=300,
        help_text="Needed when you mark a request urgent or not urgent. Kept in the priority history.",
        widget=forms.TextInput(attrs={"size": 60}),
    )
    # The version this person opened, and the values they saw (signed), to tell what changed since.
    # Optional so a script's save still works; the page always sends it, and then it is enforced.
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    loaded_values = forms.CharField(widget=forms.HiddenInput, required=False)

    take_over = forms.BooleanField(
        label="Yes, take it from my colleague", required=False,
        help_text="Needed when you change who a request assigned to a colleague is assigned to. Let them know.",
    )

    conflict = None
    # Set by ConsultationRequestAdmin.get_form: who is saving.
    current_user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.version
            self.fields["loaded_values"].initial = self._sign(triage_values(self.instance))
        if "assignee" in self.fields:
            self.fields["assignee"].queryset = get_user_model().objects.filter(is_staff=True, is_active=True)
            self.fields["assignee"].label_from_instance = person_name
            self._no_related_links(self.fields["assignee"])
        if "duplicate_of" in self.fields:
            candidates = ConsultationRequest.objects.none()
            if self.instance.pk:
                candidates = ConsultationRequest.objects.filter(
                    Q(pk__in=self.instance.possible_duplicates.values("pk")) | Q(pk=self.instance.duplicate_of_id))
            self.fields["duplicate_of"].queryset = candidates
            self.fields["duplicate_of"].label_from_instance = (
                lambda obj: f"{obj.reference}, received {local(obj.received_at, '%b %-d, %Y')} "
                            f"({obj.get_status_display()})")
            self.fields["duplicate_of"].help_text = (
                f"Only requests with the same email or phone within {DUPLICATE_WINDOW_DAYS} days are offered. "
                "Needed for the outcome \u201cDuplicate\u201d.")
            self._no_related_links(self.fields["duplicate_of"])

    def _sign(self, values):
        # Who opened the page goes with it: a draft kept over a sign-out is given back only to them.
        user = self.current_user.pk if self.current_user is not None else None
        return signing.dumps({"values": values, "at": timezone.now().isoformat(), "user": user}, salt="kap-triage")

    @staticmethod
    def _no_related_links(field):
        # Staff pick a colleague or a request here; they do not manage those from this page.
        for flag in ("can_add_related", "can_change_related", "can_delete_related", "can_view_related"):
            setattr(field.widget, flag, False)

    def _loaded(self):
        try:
            return signing.loads(self.data.get("loaded_values", ""), salt="kap-triage", max_age=7 * 86400)
        except signing.BadSignature:
            return None

    def _submitted(self, name):
        """What this form says for a triage field, as text to compare with a stored value."""
        raw = self.fields[name].widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        return _as_text(raw)

    def check_version(self, version):
        """Optimistic locking: refuse a save over a newer version, say what changed, keep what this
        person typed, and let them save again on top of the newer version."""
        # Locked until this save's transaction ends (the admin saves in one), so nobody slips in.
        current = ConsultationRequest.objects.select_for_update().get(pk=self.instance.pk)
        if current.version == version:
            return
        loaded = self._loaded()
        seen = loaded["values"] if loaded else {}
        now_values = triage_values(current)
        changes = [f"{field_label(name)} was {value_label(name, seen[name])}, now {value_label(name, value)}"
                   for name, value in now_values.items() if name in seen and seen[name] != value]
        since = datetime.datetime.fromisoformat(loaded["at"]) if loaded else None
        if since:
            changes += [f"new note by {person_name(note.author)} at {local(note.created_at, '%-I:%M %p')}"
                        for note in current.notes.filter(created_at__gte=since).select_related("author")]
            changes += [f"contact logged by {person_name(a.made_by)} ({a})"
                        for a in current.contact_attempts.filter(made_at__gte=since).select_related("made_by")]
        editors = AccessLogEntry.objects.filter(request=current, action=AccessLogEntry.Action.CHANGED)
        who = sorted(set((editors.filter(at__gte=since) if since else editors).values_list("username", flat=True)))
        # Put the newer values back where this person changed nothing, keep theirs where they did,
        # and take the new version, so pressing Save again is their deliberate choice.
        data = self.data.copy()
        for name, value in now_values.items():
            if name in seen and self._submitted(name) == _as_text(seen[name]):
                data[name] = _as_text(value)
        data["lock_version"] = current.version
        data["loaded_values"] = self._sign(now_values)
        self.data = data
        self.conflict = changes or ["another save (details not available)"]
        self.add_error(None, ValidationError(
            "Not saved: {who} changed this request after you opened it. What changed: {what}. "
            "What you typed is kept below. Check it, then press Save again to save your version."
            .format(who=", ".join(who) or "someone else", what="; ".join(self.conflict)),
            code="stale",
        ))

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("lock_version"):
            self.check_version(cleaned["lock_version"])
        if self.instance.pk and "assignee" in cleaned and self.current_user is not None:
            stored = ConsultationRequest.objects.filter(pk=self.instance.pk).values_list("assignee", flat=True).first()
            new = cleaned["assignee"].pk if cleaned["assignee"] else None
            if stored and stored != self.current_user.pk and new != stored and not cleaned.get("take_over"):
                colleague = get_user_model().objects.filter(pk=stored).first()
                self.add_error("take_over", f"This request is assigned to {person_name(colleague)}. "
                                            "Tick the box to take it over, or leave the assignee as it is.")
        if "priority" in self.changed_data and not (cleaned.get("priority_reason") or "").strip():
            self.add_error("priority_reason", "Please say why the priority changed.")
        # Reopening a closed request: its outcome, reason and duplicate link go with the closing
        # (the status history keeps them). Anywhere else an outcome needs the status "Closed".
        if self.instance.pk and cleaned.get("status") and cleaned["status"] != Status.CLOSED:
            was_closed = ConsultationRequest.objects.filter(pk=self.instance.pk, status=Status.CLOSED).exists()
            if was_closed:
                cleaned["outcome"], cleaned["outcome_reason"], cleaned["duplicate_of"] = "", "", None
        return cleaned


def draft_owner(draft):
    """The staff member whose page a kept draft came from (signed into the page), or None."""
    try:
        loaded = signing.loads(draft["data"].get("loaded_values", [""])[-1], salt="kap-triage")
    except (signing.BadSignature, IndexError):
        return None
    return loaded.get("user")


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# The request admin -------------------------------------------------------------------------------

@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(admin.ModelAdmin):
    form = ConsultationRequestAdminForm
    list_display = ["priority_label", "status_label", "request_link", "due", "assignee_name", "language_label",
                    "flag_list"]
    list_display_links = None
    list_filter = [InboxViewFilter, SpamFilter, "status", "priority", AssigneeFilter, OverdueFilter, FlagFilter,
                   LanguageFilter, "state"]
    list_select_related = ["assignee"]
    list_per_page = 50
    search_fields = ["reference", "full_name", "preferred_name", "email", "phone"]
    search_help_text = "Search by name, email, phone or reference."
    ordering = TRIAGE_ORDER
    actions = ["assign_to_me", "mark_contacted", "close_with_outcome", "export_csv"]
    inlines = [ContactAttemptInline, NoteHistoryInline, NewNoteInline, StatusHistoryInline, PriorityHistoryInline,
               NoticeInline]
    readonly_fields = SENT_FIELDS + PRESCREEN_FIELDS + [
        "flag_list", "crisis_reason", "spam_reason", "first_contact_due_at", "first_contacted_at", "closed_at",
        "purged_at", "duplicates_panel", "assignee_panel", "contact_panel", "reply_panel",
    ]
    fieldsets = [
        ("What they sent", {"fields": SENT_FIELDS, "classes": ["kap-sent"]}),
        ("Pre-screen answers (flags, never a rejection)", {"fields": PRESCREEN_FIELDS, "classes": ["kap-sent"]}),
        ("Triage", {"fields": ["contact_panel", "reply_panel", "assignee_panel", "assignee", "take_over", "priority",
                               "priority_reason", "crisis_reason",
                               "status", "outcome", "outcome_reason", "duplicate_of", "duplicates_panel",
                               "suspected_spam", "spam_reason", "flag_list", "first_contact_due_at",
                               "first_contacted_at", "closed_at", "lock_version", "loaded_values"]}),
    ]

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/admin-session.js"]

    # Queries -------------------------------------------------------------------------------

    def get_queryset(self, request):
        window = datetime.timedelta(days=DUPLICATE_WINDOW_DAYS)
        same_person = ConsultationRequest.objects.filter(
            Q(email__iexact=OuterRef("email")) | (Q(phone=OuterRef("phone")) & ~Q(phone="")),
            received_at__gte=OuterRef("received_at") - window, received_at__lte=OuterRef("received_at") + window,
            purged_at__isnull=True,
        ).exclude(pk=OuterRef("pk"))
        return super().get_queryset(request).annotate(
            is_overdue=Case(When(overdue_condition(), then=Value(True)), default=Value(False),
                            output_field=BooleanField()),
            notices_not_sent=Exists(Notice.objects.not_sent().filter(request=OuterRef("pk"))),
            has_possible_duplicate=Exists(same_person),
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

    @admin.display(description="Request", ordering="full_name")
    def request_link(self, obj):
        url = reverse("admin:consultations_consultationrequest_change", args=[obj.pk])
        return format_html('<a href="{}"><strong>{}</strong><br><span class="kap-ref">{}</span></a>',
                           url, obj.display_name, obj.reference)

    @admin.display(description="Received / due", ordering="first_contact_due_at")
    def due(self, obj):
        received = local(obj.received_at, "%b %-d, %-I:%M %p")
        if getattr(obj, "is_overdue", False):
            hours = business_hours_between(obj.first_contact_due_at, timezone.now())
            # Late in business hours (a holiday or a weekend does not make it later), with the due time.
            late = (f"{hours:.0f} business hour{'s' if round(hours) != 1 else ''} late" if hours >= 1
                    else f"was due {local(obj.first_contact_due_at, '%a %-I:%M %p')}")
            return format_html('{}<br><strong class="kap-overdue">Overdue: {}</strong>', received, late)
        if obj.status == Status.NEW and obj.first_contacted_at is None and obj.first_contact_due_at:
            return format_html('{}<br><span class="kap-age">Due {}</span>', received,
                               local(obj.first_contact_due_at, "%a %b %-d, %-I:%M %p"))
        return format_html('{}<br><span class="kap-age">{} ago</span>', received, timesince(obj.received_at, depth=1))

    @admin.display(description="Priority", ordering="priority")
    def priority_label(self, obj):
        if obj.priority == ConsultationRequest.Priority.URGENT:
            return format_html('<strong class="kap-urgent">{}</strong>', obj.get_priority_display())
        return obj.get_priority_display()

    @admin.display(description="Status", ordering="status")
    def status_label(self, obj):
        if obj.status == Status.CLOSED and obj.outcome:
            return format_html("{}<br><span class='kap-age'>{}</span>", obj.get_status_display(),
                               obj.get_outcome_display())
        return obj.get_status_display()

    @admin.display(description="Assigned to", ordering="assignee__username")
    def assignee_name(self, obj):
        return person_name(obj.assignee) if obj.assignee_id else "-"

    @admin.display(description="Flags")
    def flag_list(self, obj):
        labels = [label for label in obj.flags if label != "Crisis language"]
        labels += ["Suspected spam"] if obj.suspected_spam else []
        if getattr(obj, "notices_not_sent", False):
            labels.append("Notice not sent")
        if getattr(obj, "has_possible_duplicate", False):
            labels.append("Possible duplicate")
        # Not styled like an ordinary flag: it means "call this person first".
        crisis = mark_safe('<strong class="kap-crisis-tag">Crisis: call first</strong> ') if obj.is_urgent else ""  # noqa: S308 (fixed markup)
        flags = format_html_join(" ", '<span class="kap-flag">{}</span>', ((label,) for label in labels))
        return format_html("{}{}", crisis, flags) if (crisis or flags) else "-"

    @admin.display(description="Language", ordering="language")
    def language_label(self, obj):
        """The form's language; the contact language too when it is another."""
        if obj.preferred_language == obj.language:
            return staff_language_name(obj.language)
        return format_html('{}<br><span class="kap-age">contact in {}</span>', staff_language_name(obj.language),
                           staff_language_name(obj.preferred_language))

    @admin.display(description="Language")
    def language_summary(self, obj):
        return language_summary_text(obj)

    @admin.display(description="Wants help with")
    def help_with_display(self, obj):
        choices = dict(ConsultationRequest.HelpWith.choices)
        return ", ".join(str(choices.get(item, item)) for item in obj.help_with) or "-"

    @admin.display(description="Phone")
    def phone_link(self, obj):
        if not obj.phone:
            return "-"
        return format_html('<a href="tel:{}">{}</a>', obj.phone, phone_for_people(obj.phone))

    @admin.display(description="Email")
    def email_link(self, obj):
        if not obj.email:
            return "-"
        return format_html('<a href="mailto:{}">{}</a>', obj.email, obj.email)

    @admin.display(description="Possible duplicates")
    def duplicates_panel(self, obj):
        rows = []
        if obj.duplicate_of_id:
            rows.append(("Closed as a duplicate of", obj.duplicate_of))
        rows += [("Closed as a duplicate of this one:", other) for other in obj.duplicates.all()]
        shown = {other.pk for _label, other in rows}
        rows += [(f"Same email or phone, received {local(other.received_at, '%b %-d, %Y')}:", other)
                 for other in obj.possible_duplicates if other.pk not in shown]
        if not rows:
            return f"None with the same email or phone within {DUPLICATE_WINDOW_DAYS} days."
        return format_html_join(
            mark_safe("<br>"), '{} <a href="{}">{}</a> ({})',
            ((label, reverse("admin:consultations_consultationrequest_change", args=[other.pk]), other.reference,
              other.get_status_display()) for label, other in rows),
        )

    @admin.display(description="Log a contact attempt")
    def contact_panel(self, obj):
        if obj.purged_at:
            return "-"
        # Buttons of a small form outside this one (form="..."): one click records the attempt.
        buttons = format_html_join(
            " ", '<button type="submit" form="kap-contact-form" name="attempt" value="{}" class="button">{}</button>',
            CONTACT_BUTTONS)
        return format_html('<span class="kap-quick-row">{}</span><span class="help">Saved at once, on its own. '
                           'Save other changes first.</span>', buttons)

    @admin.display(description="Send a reply email")
    def reply_panel(self, obj):
        templates = list(ReplyTemplate.objects.filter(active=True))
        if obj.purged_at or not obj.email or not templates:
            return "-"
        options = format_html_join("", '<option value="{}">{}</option>', ((t.pk, t.name) for t in templates))
        return format_html(
            '<span class="kap-quick-row"><select name="template" form="kap-reply-form" aria-label="Reply to send">'
            '<option value="">Choose a reply</option>{}</select> '
            '<button type="submit" form="kap-reply-form" class="button">Send</button></span>'
            '<span class="help">Sent by email through the queue and listed under \u201cEmails about this '
            'request\u201d. Templates never include health details.</span>', options)

    @admin.display(description="Assigned to")
    def assignee_panel(self, obj):
        return format_html('{} <button type="submit" form="kap-assign-form" class="button">Assign to me</button>',
                           person_name(obj.assignee) if obj.assignee_id else "Nobody yet.")

    # Titles and words ----------------------------------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = type("ConsultationRequestAdminForm", (super().get_form(request, obj, change, **kwargs),),
                    {"current_user": request.user})
        draft = getattr(request, "kap_restored_draft", None)
        if draft:
            values = {name: draft[name][-1] if len(draft[name]) == 1 else draft[name]
                      for name in [*TRIAGE_FIELDS, "priority_reason", "lock_version", "loaded_values"] if name in draft}

            class RestoredDraftForm(form):
                def __init__(self, *args, **kw):
                    super().__init__(*args, **kw)
                    if not self.is_bound:
                        for name, value in values.items():
                            if name in self.fields:
                                self.initial[name] = value
                                self.fields[name].initial = value

            return RestoredDraftForm
        return form

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        draft = getattr(request, "kap_restored_draft", None)
        if draft and isinstance(inline, NewNoteInline) and request.method != "POST":
            body = next((values[0] for key, values in draft.items() if key.endswith("-0-body")), "")
            kwargs["initial"] = [{"body": body}]
        return kwargs

    # Permissions ---------------------------------------------------------------------------

    def has_add_permission(self, request):
        return False  # Requests come from the public form only.

    def has_export_permission(self, request):
        return request.user.has_perm("consultations.export_consultationrequest")

    def has_person_data_permission(self, request):
        """A person's data, to give them or to erase: practice admins (export and delete)."""
        return self.has_export_permission(request) and self.has_delete_permission(request)

    # URLs ----------------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        urls = super().get_urls()
        change_pattern = next(u for u in urls if getattr(u, "name", "") == f"{name}_change")
        change_view = change_pattern.callback
        keep_draft = csrf_protect(self.keep_draft_when_signed_out(change_view))
        extra = [
            path("<path:object_id>/change/", keep_draft, name=f"{name}_change"),
            path("<path:object_id>/contact/", wrap(self.log_contact_view), name=f"{name}_contact"),
            path("<path:object_id>/assign/", wrap(self.assign_view), name=f"{name}_assign"),
            path("<path:object_id>/reply/", wrap(self.reply_view), name=f"{name}_reply"),
            path("keep-signed-in/", wrap(self.keep_signed_in_view), name=f"{name}_keepalive"),
            path("person/", wrap(self.person_view), name=f"{name}_person"),
        ]
        return extra + [u for u in urls if u is not change_pattern]

    def keep_draft_when_signed_out(self, change_view):
        """A save that arrives after the sign-in ended is kept on the server (in this browser's
        session, never in the browser's storage), and restored once after signing in again."""

        def view(request, object_id, *args, **kwargs):
            if request.method == "POST" and not self.admin_site.has_permission(request):
                drafts = request.session.get(DRAFTS_SESSION_KEY, {})
                drafts[str(object_id)] = {"data": dict(request.POST.lists()), "at": timezone.now().timestamp()}
                drafts[str(object_id)]["data"].pop("csrfmiddlewaretoken", None)
                request.session[DRAFTS_SESSION_KEY] = drafts
                messages.warning(request, "You were signed out because nothing happened for a while, so your "
                                          "changes were not saved yet. Sign in again to get back what you typed.")
                login = reverse("admin:login", current_app=self.admin_site.name)
                return HttpResponseRedirect(login + "?" + urlencode({"next": request.get_full_path()}))
            return change_view(request, object_id, *args, **kwargs)

        return view

    def keep_signed_in_view(self, request):
        # The session is saved on every request (SESSION_SAVE_EVERY_REQUEST): this resets the idle clock.
        return HttpResponse(status=204, headers={"Cache-Control": "no-store"})

    def _request_or_404(self, request, object_id):
        obj = get_object_or_404(ConsultationRequest, pk=unquote(object_id))
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _back(self, obj):
        return HttpResponseRedirect(reverse("admin:consultations_consultationrequest_change", args=[obj.pk]))

    def log_contact_view(self, request, object_id):
        obj = self._request_or_404(request, object_id)
        if request.method != "POST":
            return self._back(obj)
        method, _, result = request.POST.get("attempt", "").partition(":")
        if method not in ContactAttempt.Method.values or result not in ("reached", "not-reached"):
            messages.error(request, "Choose how you tried to reach them.")
            return self._back(obj)
        attempt = ContactAttempt.log(obj, method, result == "reached", request.user)
        AccessLogEntry.record(request.user, obj, AccessLogEntry.Action.CHANGED, f"Logged contact: {attempt}")
        messages.success(request, f"Logged: {attempt}, {local(attempt.made_at, '%-I:%M %p')}.")
        return self._back(obj)

    def assign_view(self, request, object_id):
        obj = self._request_or_404(request, object_id)
        if request.method != "POST":
            return self._back(obj)
        colleague = obj.assignee if obj.assignee_id and obj.assignee_id != request.user.pk else None
        if colleague and "confirm" not in request.POST:
            return TemplateResponse(request, "admin/consultations/consultationrequest/take_over.html", {
                **self.admin_site.each_context(request), "title": "Take this request from a colleague?",
                "opts": self.opts, "requests": [obj], "form_action": "",
            })
        self._assign([obj], request.user)
        messages.success(request, f"{obj.reference} is assigned to you"
                                  + (f" (taken from {person_name(colleague)})." if colleague else "."))
        return self._back(obj)

    def _assign(self, objs, user):
        for obj in objs:
            obj.assignee = user
            obj.save(update_fields=["assignee", "updated_at"])
            AccessLogEntry.record(user, obj, AccessLogEntry.Action.CHANGED, "Changed: Assigned to")

    def reply_view(self, request, object_id):
        obj = self._request_or_404(request, object_id)
        if request.method != "POST":
            return self._back(obj)
        template = ReplyTemplate.objects.filter(active=True, pk=request.POST.get("template") or None).first()
        if template is None:
            messages.error(request, "Choose a reply to send.")
        elif obj.purged_at or not obj.email:
            messages.error(request, "This request has no email address to reply to.")
        elif obj.suspected_spam:
            messages.error(request, "This request is marked as suspected spam: clear the mark before replying.")
        else:
            queue_reply(obj, template, request.user)
            AccessLogEntry.record(request.user, obj, AccessLogEntry.Action.CHANGED, f"Sent reply: {template}")
            messages.success(request, f"The email \u201c{template}\u201d is on its way to {obj.email}. "
                                      "It is listed under \u201cEmails about this request\u201d.")
        return self._back(obj)

    # Views and saving ----------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if request.method == "GET" and obj is not None and self.has_view_or_change_permission(request, obj):
            AccessLogEntry.record(request.user, obj, AccessLogEntry.Action.VIEWED)
            drafts = request.session.get(DRAFTS_SESSION_KEY, {})
            draft = drafts.pop(str(obj.pk), None)
            if draft is not None:
                request.session[DRAFTS_SESSION_KEY] = drafts
                if (timezone.now().timestamp() - draft["at"] < DRAFT_KEEP_SECONDS
                        and self.has_change_permission(request, obj) and draft_owner(draft) == request.user.pk):
                    request.kap_restored_draft = draft["data"]
                    messages.warning(request, "We kept what you typed before you were signed out. It is NOT saved "
                                              "yet: check it below, then press Save.")
        extra_context = {
            **(extra_context or {}),
            "title": f"Request {obj.reference}" if obj else "Request",
            "idle_seconds": settings.SESSION_COOKIE_AGE,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        new_status = form.cleaned_data.get("status", obj.status)
        old_status, was_spam, old_priority = ConsultationRequest.objects.values_list(
            "status", "suspected_spam", "priority"
        ).get(pk=obj.pk)
        new_priority = obj.priority
        obj.priority = old_priority
        try:
            obj.change_priority(new_priority, request.user, form.cleaned_data.get("priority_reason", ""))
            if new_priority == ConsultationRequest.Priority.URGENT and old_priority != new_priority:
                queue_urgent_alert(obj)
            if new_status != old_status:
                obj.status = old_status
                obj.change_status(new_status, request.user, outcome=form.cleaned_data.get("outcome", ""),
                                  reason=form.cleaned_data.get("outcome_reason", ""),
                                  duplicate_of=form.cleaned_data.get("duplicate_of"))
            else:
                obj.save()
        except StaleRequestError:
            # Only when the database lock was not available (clean_version holds it otherwise).
            transaction.set_rollback(True)
            raise
        if was_spam and not obj.suspected_spam:
            clear_spam_flag(obj)
        changed = [name for name in form.changed_data if name not in ("lock_version", "loaded_values")]
        if changed:
            AccessLogEntry.record(request.user, obj, AccessLogEntry.Action.CHANGED,
                                  "Changed: " + ", ".join(field_label(name) for name in changed))

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
        # The period of the summary's counts: chosen on the page, remembered for this sign-in.
        period = request.GET.get("period") or request.session.get("triage_period", DEFAULT_PERIOD)
        if "period" in request.GET:
            request.GET = request.GET.copy()
            request.GET.pop("period")
        period = period if period in PERIODS else DEFAULT_PERIOD
        request.session["triage_period"] = period
        view = request.GET.get("view", "open")
        extra_context = {
            **(extra_context or {}),
            "triage_summary": self.triage_summary(request, period),
            "title": f"Consultation requests: {InboxViewFilter.VIEWS.get(view, 'Open requests').lower()}",
            "subtitle": None,
            "idle_seconds": settings.SESSION_COOKIE_AGE,
        }
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl") if hasattr(response, "context_data") else None
        if changelist is not None:
            shown = InboxViewFilter.VIEWS.get(view, view)
            AccessLogEntry.record_list(
                request.user, detail=f"{shown}, {changelist.result_count} request(s)",
                search_text=request.GET.get("q", ""),
            )
        return response

    def triage_summary(self, request, period):
        label, days = PERIODS[period]
        since = timezone.now() - datetime.timedelta(days=days) if days else None
        everything = ConsultationRequest.objects.all()
        requests = everything.filter(suspected_spam=False)
        in_period = requests.received_since(since)
        counts = dict(in_period.values_list("status").annotate(n=Count("id")).order_by())
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
        views = [
            ("Open", requests.open().count(), "?view=open"),
            ("Mine", requests.open().assigned_to(request.user).count(), "?view=mine"),
            ("Unassigned", requests.open().unassigned().count(), "?view=unassigned"),
            ("Due today or overdue", requests.due_by_end_of_today().count(), "?view=due"),
            ("Overdue", requests.overdue().count(), "?overdue=yes"),
            ("Closed", in_period.closed().count(), "?view=closed"),
        ]
        return {
            "views": views,
            "period": period,
            "period_label": label,
            "periods": [(key, text) for key, (text, _days) in PERIODS.items()],
            "counts": [(value, text, counts.get(value, 0)) for value, text in Status.choices],
            "spam": everything.filter(suspected_spam=True).received_since(since).count(),
            "received": in_period.count(),
            "oldest_new_age": timesince(oldest_new, depth=2) if oldest_new else None,
            "overdue": requests.overdue().count(),
            "notices_not_sent": requests.filter(notices__state=Notice.State.FAILED).distinct().count(),
            "bars": bars,
            "total_weeks": sum(n for _w, n in per_week),
        }

    # Actions: each says what it did and what it left alone, and why ------------------------

    def _report(self, request, done, skipped):
        """skipped: {reason: count}, e.g. {"already closed": 2}."""
        parts = [done] + [f"{n} {'was' if n == 1 else 'were'} not changed: {reason}" for reason, n in skipped.items()
                          if n]
        self.message_user(request, ". ".join(parts) + ".", messages.SUCCESS if not any(skipped.values())
                          else messages.WARNING)

    @staticmethod
    def _locked(queryset):
        """The selected requests, locked until the action's transaction ends, so a colleague's save
        cannot land between reading and writing them (no stale copies, no lost changes)."""
        return list(ConsultationRequest.objects.filter(pk__in=queryset.values("pk"))
                    .select_related("assignee").select_for_update(of=("self",)).order_by(*TRIAGE_ORDER))

    @admin.action(description="Assign to me", permissions=["change"])
    @transaction.atomic
    def assign_to_me(self, request, queryset):
        objs = self._locked(queryset)
        already = [o for o in objs if o.assignee_id == request.user.pk]
        colleagues = [o for o in objs if o.assignee_id and o.assignee_id != request.user.pk]
        if colleagues and "confirm" not in request.POST:
            return TemplateResponse(request, "admin/consultations/consultationrequest/take_over.html", {
                **self.admin_site.each_context(request), "title": "Take requests from colleagues?",
                "opts": self.opts, "requests": colleagues, "selected": objs, "bulk": True,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            })
        to_assign = [o for o in objs if o.assignee_id != request.user.pk]
        self._assign(to_assign, request.user)
        taken = f" ({len(colleagues)} taken from colleagues)" if colleagues else ""
        self._report(request, f"Assigned {len(to_assign)} request(s) to you{taken}",
                     {"already assigned to you": len(already)})
        return None

    @admin.action(description="Mark as contacted", permissions=["change"])
    @transaction.atomic
    def mark_contacted(self, request, queryset):
        objs = self._locked(queryset)
        changed = 0
        for obj in objs:
            if obj.status == Status.NEW:
                obj.change_status(Status.CONTACTED, request.user)
                AccessLogEntry.record(request.user, obj, AccessLogEntry.Action.CHANGED, "Changed: Status")
                changed += 1
        closed = sum(1 for o in objs if o.status == Status.CLOSED)
        self._report(request, f"Marked {changed} request(s) as contacted",
                     {"already closed": closed, "already past \u201cNew\u201d": len(objs) - changed - closed})

    @admin.action(description="Close with an outcome…", permissions=["change"])
    @transaction.atomic
    def close_with_outcome(self, request, queryset):
        form = CloseRequestsForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            objs = self._locked(queryset)
            closed = 0
            for obj in objs:
                if obj.status == Status.CLOSED:
                    continue
                obj.change_status(Status.CLOSED, request.user, outcome=form.cleaned_data["outcome"],
                                  reason=form.cleaned_data["outcome_reason"])
                AccessLogEntry.record(request.user, obj, AccessLogEntry.Action.CHANGED, "Changed: Status, Outcome")
                closed += 1
            self._report(request, f"Closed {closed} request(s)", {"already closed": len(objs) - closed})
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
        response.write("\ufeff")  # UTF-8 byte-order mark: spreadsheets then read accents correctly.
        writer = csv.writer(response)
        writer.writerow([label for label, _value in export_columns()])
        objs = queryset.select_related("assignee", "duplicate_of").prefetch_related(
            "notes__author", "contact_attempts__made_by")
        for obj in objs:
            writer.writerow([spreadsheet_safe(value(obj)) for _label, value in export_columns()])
            AccessLogEntry.record(request.user, obj, AccessLogEntry.Action.EXPORTED)
        return response

    # A person's data: everything held about them, to give to them or to erase ----------------

    def person_view(self, request):
        if not self.has_person_data_permission(request):
            raise PermissionDenied
        # Posted, never in the URL: an address or a phone number must not reach a server log.
        email = request.POST.get("email", "").strip()
        phone = request.POST.get("phone", "").strip()
        found = ConsultationRequest.objects.none()
        query = Q(pk__in=[])
        if email:
            query |= Q(email__iexact=email)
        if phone:
            try:
                number = phonenumbers.parse(phone, "US")
                query |= Q(phone=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
            except phonenumbers.NumberParseException:
                messages.error(request, "That phone number could not be read.")
        if email or phone:
            found = ConsultationRequest.objects.filter(query).order_by("received_at")
            if "download" not in request.POST and "erase" not in request.POST:
                AccessLogEntry.record_list(request.user, detail=f"A person's data: {found.count()} request(s) found",
                                           search_text=" ".join(filter(None, [email, phone])))
        if request.method == "POST" and found.exists():
            if "download" in request.POST:
                for obj in found:
                    AccessLogEntry.record(request.user, obj, AccessLogEntry.Action.EXPORTED,
                                          "Everything about this person, for their request")
                data = json.dumps([person_record(obj) for obj in found], cls=DjangoJSONEncoder, indent=2,
                                  ensure_ascii=False)
                return HttpResponse(data, content_type="application/json; charset=utf-8", headers={
                    "Content-Disposition": 'attachment; filename="person-data.json"', "Cache-Control": "no-store"})
            if "erase" in request.POST and request.POST.get("confirm") == "ERASE":
                references = list(found.values_list("reference", flat=True))
                with transaction.atomic():
                    for obj in found:
                        AccessLogEntry.record(request.user, obj, AccessLogEntry.Action.ERASED,
                                              "Erased at the person's request: requests, notes and history")
                    found.delete()
                messages.success(request, f"Erased {len(references)} request(s) and everything with them: "
                                          f"{', '.join(references)}. The access log keeps only the references.")
                return HttpResponseRedirect(reverse("admin:consultations_consultationrequest_person"))
            if "erase" in request.POST:
                messages.error(request, "Type ERASE in the box to confirm.")
        return TemplateResponse(request, "admin/consultations/consultationrequest/person.html", {
            **self.admin_site.each_context(request), "title": "A person's data: download or erase",
            "opts": self.opts, "found": found, "email": email, "phone": phone, "searched": bool(email or phone),
        })


def _attempts_text(obj):
    return "; ".join(f"{local(a.made_at)} {a} by {person_name(a.made_by)}" for a in obj.contact_attempts.all())


def _notes_text(obj):
    return "\n".join(f"[{local(n.created_at)}, {person_name(n.author)}] {n.body}" for n in obj.notes.all())


def _label(name):
    return lambda obj: str(getattr(obj, f"get_{name}_display")()) if getattr(obj, name) else ""


def export_columns():
    """The CSV's columns, as (heading, value of a request): labels, local time, names, not codes."""
    yes_no = {True: "Yes", False: "No"}
    states = dict(US_STATES)
    help_with = dict(ConsultationRequest.HelpWith.choices)
    return [
        ("Reference", lambda o: o.reference),
        ("Received", lambda o: local(o.received_at, "%Y-%m-%d %H:%M")),
        ("Status", lambda o: o.get_status_display()),
        ("Outcome", _label("outcome")),
        ("Reason", lambda o: o.outcome_reason),
        ("Duplicate of", lambda o: o.duplicate_of.reference if o.duplicate_of_id else ""),
        ("Priority", lambda o: o.get_priority_display()),
        ("Assigned to", lambda o: person_name(o.assignee) if o.assignee_id else ""),
        ("First contact due", lambda o: local(o.first_contact_due_at, "%Y-%m-%d %H:%M")),
        ("First contacted", lambda o: local(o.first_contacted_at, "%Y-%m-%d %H:%M")),
        ("Closed", lambda o: local(o.closed_at, "%Y-%m-%d %H:%M")),
        ("Name", lambda o: o.full_name),
        ("Likes to be called", lambda o: o.preferred_name),
        ("Email", lambda o: o.email),
        ("Phone", lambda o: phone_for_people(o.phone)),
        ("Preferred contact", _label("contact_method")),
        ("When to reach them", lambda o: o.best_time),
        ("Form language", lambda o: staff_language_name(o.language)),
        ("Language for contact", lambda o: staff_language_name(o.preferred_language)),
        ("State", lambda o: str(states.get(o.state, o.state))),
        ("Visit", _label("visit_preference")),
        ("Wants help with", lambda o: ", ".join(str(help_with.get(item, item)) for item in o.help_with)),
        ("Message", lambda o: o.message),
        ("Thoughts of ending their life", _label("thoughts_of_suicide")),
        ("Heard of us from", _label("heard_about")),
        *((str(ConsultationRequest._meta.get_field(name).verbose_name).capitalize(), _label(name))
          for name in PRESCREEN_FIELDS),
        ("18 or older", lambda o: yes_no[o.is_adult]),
        ("Consented", lambda o: yes_no[o.consented]),
        ("Flags", lambda o: "; ".join(o.flags)),
        ("Contact attempts", _attempts_text),
        ("Notes", _notes_text),
    ]


def person_record(obj):
    """Everything held about one request, in words, for the person who sent it."""
    return {
        **{label: value(obj) for label, value in export_columns()},
        "Status history": [
            {"When": local(c.changed_at), "From": c.get_from_status_display(), "To": c.get_to_status_display(),
             "Outcome": c.get_outcome_display(), "By": person_name(c.changed_by)} for c in obj.status_changes.all()],
        "Priority history": [
            {"When": local(c.changed_at), "From": c.get_from_priority_display(), "To": c.get_to_priority_display(),
             "Reason": c.reason, "By": person_name(c.changed_by)} for c in obj.priority_changes.all()],
        "Contact attempts": [
            {"When": local(a.made_at), "How": a.get_method_display(), "Reached": a.reached,
             "By": person_name(a.made_by)} for a in obj.contact_attempts.all()],
        "Notes": [{"When": local(n.created_at), "By": person_name(n.author), "Note": n.body} for n in obj.notes.all()],
        "Emails": [{"Email": str(n), "Created": local(n.created_at), "Sent": local(n.sent_at)}
                   for n in obj.notices.all()],
    }


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    """Practice admins write the replies staff send; placeholders only, never health details."""

    list_display = ["name", "subject", "active"]
    list_filter = ["active"]

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), "title": "Reply templates"})

    def has_delete_permission(self, request, obj=None):
        return False  # Sent replies point to their template; switch it off instead.


class StaffMemberFilter(admin.SimpleListFilter):
    title = "staff member"
    parameter_name = "staff"

    def lookups(self, request, model_admin):
        names = AccessLogEntry.objects.order_by("username").values_list("username", flat=True).distinct()
        return [(name, name) for name in names]

    def queryset(self, request, queryset):
        return queryset.filter(username=self.value()) if self.value() else queryset


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """Who looked at, searched, opened, changed, exported or erased which request. Append-only."""

    list_display = ["when", "username", "action", "request_reference", "detail", "search_hash"]
    list_filter = [StaffMemberFilter, "action", "at"]
    search_fields = ["username", "request_reference", "=search_hash"]
    search_help_text = "Search by staff member, request reference, or words a staff member searched for."
    date_hierarchy = "at"
    actions = ["export_for_audit"]

    @admin.display(description="When", ordering="at")
    def when(self, obj):
        return local(obj.at, "%b %-d, %Y, %-I:%M:%S %p")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # An auditor can ask "who searched for these words?" without the log holding the words.
        if search_term.strip():
            from kap_site.counters.models import keyed_hash

            results |= queryset.filter(search_hash=keyed_hash(search_term.strip().casefold()))
        return results, may_have_duplicates

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), "title": "Access log"})

    @admin.action(description="Export selected for an audit (CSV)", permissions=["view"])
    def export_for_audit(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": 'attachment; filename="access-log.csv"', "Cache-Control": "no-store"})
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(["When", "Staff member", "What", "Request", "Detail", "Search (hashed)"])
        for entry in queryset.order_by("at", "id"):
            writer.writerow([spreadsheet_safe(v) for v in (
                local(entry.at, "%Y-%m-%d %H:%M:%S"), entry.username, entry.get_action_display(),
                entry.request_reference, entry.detail, entry.search_hash)])
        return response
