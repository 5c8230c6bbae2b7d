import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from .business_hours import add_business_hours
from .crisis import SAID_YES_REASON, assess_answers

# Crockford's base32 alphabet: no I, L, O or U, so a reference read over the phone is unambiguous.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 6

# English names, as staff, the practice profile and the exports use them; marked for the catalog
# so the form shows them in the visitor's language (ConsultationRequestForm.state).
US_STATES = [
    ("AL", gettext_noop("Alabama")), ("AK", gettext_noop("Alaska")), ("AZ", gettext_noop("Arizona")),
    ("AR", gettext_noop("Arkansas")), ("CA", gettext_noop("California")), ("CO", gettext_noop("Colorado")),
    ("CT", gettext_noop("Connecticut")), ("DE", gettext_noop("Delaware")),
    ("DC", gettext_noop("District of Columbia")), ("FL", gettext_noop("Florida")), ("GA", gettext_noop("Georgia")),
    ("HI", gettext_noop("Hawaii")), ("ID", gettext_noop("Idaho")), ("IL", gettext_noop("Illinois")),
    ("IN", gettext_noop("Indiana")), ("IA", gettext_noop("Iowa")), ("KS", gettext_noop("Kansas")),
    ("KY", gettext_noop("Kentucky")), ("LA", gettext_noop("Louisiana")), ("ME", gettext_noop("Maine")),
    ("MD", gettext_noop("Maryland")), ("MA", gettext_noop("Massachusetts")), ("MI", gettext_noop("Michigan")),
    ("MN", gettext_noop("Minnesota")), ("MS", gettext_noop("Mississippi")), ("MO", gettext_noop("Missouri")),
    ("MT", gettext_noop("Montana")), ("NE", gettext_noop("Nebraska")), ("NV", gettext_noop("Nevada")),
    ("NH", gettext_noop("New Hampshire")), ("NJ", gettext_noop("New Jersey")), ("NM", gettext_noop("New Mexico")),
    ("NY", gettext_noop("New York")), ("NC", gettext_noop("North Carolina")), ("ND", gettext_noop("North Dakota")),
    ("OH", gettext_noop("Ohio")), ("OK", gettext_noop("Oklahoma")), ("OR", gettext_noop("Oregon")),
    ("PA", gettext_noop("Pennsylvania")), ("RI", gettext_noop("Rhode Island")),
    ("SC", gettext_noop("South Carolina")), ("SD", gettext_noop("South Dakota")), ("TN", gettext_noop("Tennessee")),
    ("TX", gettext_noop("Texas")), ("UT", gettext_noop("Utah")), ("VT", gettext_noop("Vermont")),
    ("VA", gettext_noop("Virginia")), ("WA", gettext_noop("Washington")), ("WV", gettext_noop("West Virginia")),
    ("WI", gettext_noop("Wisconsin")), ("WY", gettext_noop("Wyoming")), ("PR", gettext_noop("Puerto Rico")),
    ("GU", gettext_noop("Guam")), ("VI", gettext_noop("U.S. Virgin Islands")), ("AS", gettext_noop("American Samoa")),
    ("MP", gettext_noop("Northern Mariana Islands")), ("XX", gettext_noop("I live outside the United States")),
]


def new_reference():
    return "KAP-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _position in range(REFERENCE_LENGTH))


class Status(models.TextChoices):
    NEW = "new", "New"
    CONTACTED = "contacted", "Contacted"
    SCREENING_BOOKED = "screening_booked", "Screening call booked"
    MEDICAL_EVALUATION = "medical_evaluation", "Medical evaluation"
    ACCEPTED = "accepted", "Accepted"
    CLOSED = "closed", "Closed"


class Outcome(models.TextChoices):
    BECAME_CLIENT = "became_client", "Became a client"
    NOT_A_FIT = "not_a_fit", "Not a fit"
    NO_RESPONSE = "no_response", "No response"
    REFERRED_ELSEWHERE = "referred_elsewhere", "Referred elsewhere"
    SPAM = "spam", "Spam"
    DUPLICATE = "duplicate", "Duplicate of another request"


class Priority(models.IntegerChoices):
    URGENT = 1, "Urgent"
    NORMAL = 2, "Normal"


class ContactMethod(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")


class VisitPreference(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    TELEHEALTH = "telehealth", _("Telehealth (video)")
    EITHER = "either", _("Either is fine")


class HelpWith(models.TextChoices):
    DEPRESSION = "depression", _("Depression")
    ANXIETY = "anxiety", _("Anxiety")
    PTSD = "ptsd", _("PTSD or trauma")
    OTHER = "other", _("Something else")


class HeardAbout(models.TextChoices):
    SEARCH = "search", _("Web search")
    CLINICIAN = "clinician", _("My doctor or therapist")
    FRIEND = "friend", _("A friend or family member")
    ARTICLE = "article", _("An article on this site")
    OTHER = "other", _("Somewhere else")


class Language(models.TextChoices):
    """The site's languages (settings.LANGUAGES), each named in itself, as a language picker does."""

    ENGLISH = "en", "English"
    SPANISH = "es", "Español"


# For staff, who read the admin in English.
LANGUAGE_NAMES_FOR_STAFF = {Language.ENGLISH: "English", Language.SPANISH: "Spanish"}


def form_language(language_code):
    """The Language of a Django language code ("es", "es-mx" -> Spanish); English otherwise."""
    return Language.SPANISH if (language_code or "").lower().startswith("es") else Language.ENGLISH


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNSURE = "unsure", _("Not sure")


# --- Triage rules (issue 13) -------------------------------------------------------------------

# Where a request may go from each status. Nothing goes back to "New" (it means nobody has acted
# yet); a closed request can only be reopened as "Contacted".
ALLOWED_STEPS = {
    Status.NEW: {Status.CONTACTED, Status.SCREENING_BOOKED, Status.MEDICAL_EVALUATION, Status.CLOSED},
    Status.CONTACTED: {Status.SCREENING_BOOKED, Status.MEDICAL_EVALUATION, Status.ACCEPTED, Status.CLOSED},
    Status.SCREENING_BOOKED: {Status.CONTACTED, Status.MEDICAL_EVALUATION, Status.ACCEPTED, Status.CLOSED},
    Status.MEDICAL_EVALUATION: {Status.CONTACTED, Status.SCREENING_BOOKED, Status.ACCEPTED, Status.CLOSED},
    Status.ACCEPTED: {Status.MEDICAL_EVALUATION, Status.CLOSED},
    Status.CLOSED: {Status.CONTACTED},
}
# The same email or phone number within this many days marks a possible duplicate.
DUPLICATE_WINDOW_DAYS = 90


def validate_status_step(old_status, new_status):
    """The one rule for status steps (ALLOWED_STEPS)."""
    if old_status != new_status and new_status not in ALLOWED_STEPS.get(old_status, ()):
        raise ValidationError({"status": (
            f"A request cannot go from \u201c{Status(old_status).label}\u201d "
            f"to \u201c{Status(new_status).label}\u201d."
            + (" Reopen it as \u201cContacted\u201d." if old_status == Status.CLOSED else "")
        )})


def first_contact_due(received_at, priority):
    """When the first contact is due: the priority's target in business hours (practice hours,
    weekends and public holidays skipped) after the request arrived."""
    hours = (settings.CONSULTATION_URGENT_FIRST_CONTACT_HOURS if priority == Priority.URGENT
             else settings.CONSULTATION_FIRST_CONTACT_HOURS)
    return add_business_hours(received_at, hours)


def overdue_condition(now=None):
    """The one rule for "overdue": still waiting for a first contact (no attempt logged, still
    new) after its due time, which business hours and its priority set (first_contact_due).
    A Q, so the inbox can both filter and mark rows with it."""
    now = now or timezone.now()
    return Q(status=Status.NEW, first_contacted_at__isnull=True, suspected_spam=False, first_contact_due_at__lt=now)


def validate_outcome(outcome, reason):
    """The one rule for a closing outcome: "not a fit" needs a reason (also a database constraint)."""
    if outcome == Outcome.NOT_A_FIT and not (reason or "").strip():
        raise ValidationError({"outcome_reason": "Please give a short reason."})


# Inbox order: open requests before closed ones; urgent first; within a priority, those still
# waiting for a first contact first; then the soonest due.
TRIAGE_ORDER = [
    models.Case(models.When(status=Status.CLOSED, then=1), default=0),
    "priority",
    models.Case(models.When(status=Status.NEW, first_contacted_at__isnull=True, then=0), default=1),
    "first_contact_due_at",
    "received_at",
]


class StaleRequestError(Exception):
    """Someone else saved the request after this copy was read (optimistic locking)."""


class ConsultationRequestQuerySet(models.QuerySet):
    def for_triage(self):
        """The staff inbox: open requests, suspected spam hidden, urgent first, then by due time."""
        return self.filter(suspected_spam=False).open().order_by(*TRIAGE_ORDER)

    def open(self):
        return self.exclude(status=Status.CLOSED)

    def closed(self):
        return self.filter(status=Status.CLOSED)

    def assigned_to(self, user):
        return self.filter(assignee=user)

    def unassigned(self):
        return self.filter(assignee__isnull=True)

    def overdue(self, now=None):
        return self.filter(overdue_condition(now))

    def due_by_end_of_today(self, now=None):
        """Open, not spam, nobody has tried to reach them, and due before the practice's day ends."""
        now = now or timezone.now()
        end_of_today = timezone.localtime(now).replace(hour=23, minute=59, second=59, microsecond=999999)
        return self.filter(status=Status.NEW, first_contacted_at__isnull=True, suspected_spam=False,
                           first_contact_due_at__lte=end_of_today)

    def received_since(self, moment):
        return self.filter(received_at__gte=moment) if moment else self

    def due_for_purge(self, days=None, now=None):
        retention_days = settings.CONSULTATION_RETENTION_DAYS if days is None else days
        cutoff = (now or timezone.now()) - timezone.timedelta(days=retention_days)
        return self.filter(status=ConsultationRequest.Status.CLOSED, closed_at__lt=cutoff, purged_at__isnull=True)

    def spam_due_for_purge(self, now=None):
        """Suspected spam kept longer than CONSULTATION_SPAM_RETENTION_DAYS."""
        cutoff = (now or timezone.now()) - timezone.timedelta(days=settings.CONSULTATION_SPAM_RETENTION_DAYS)
        return self.filter(suspected_spam=True, received_at__lt=cutoff, purged_at__isnull=True)

    def abandoned_due_for_purge(self, now=None):
        """Requests never closed, received longer ago than CONSULTATION_OPEN_RETENTION_DAYS."""
        cutoff = (now or timezone.now()) - timezone.timedelta(days=settings.CONSULTATION_OPEN_RETENTION_DAYS)
        return self.open().filter(suspected_spam=False, received_at__lt=cutoff, purged_at__isnull=True)

    def same_person_as(self, request, days=DUPLICATE_WINDOW_DAYS):
        """Other requests with the same email or phone number received within `days` of this one."""
        if request.purged_at:
            return self.none()
        window = timezone.timedelta(days=days)
        same = Q(email__iexact=request.email) if request.email else Q(pk__in=[])
        if request.phone:
            same |= Q(phone=request.phone)
        return self.filter(same, received_at__gte=request.received_at - window,
                           received_at__lte=request.received_at + window,
                           purged_at__isnull=True).exclude(pk=request.pk)


class ConsultationRequest(models.Model):
    Status = Status
    Outcome = Outcome
    Priority = Priority
    ContactMethod = ContactMethod
    VisitPreference = VisitPreference
    HelpWith = HelpWith
    HeardAbout = HeardAbout
    Answer = Answer
    Language = Language

    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    submission_token = models.UUIDField(
        unique=True, editable=False, help_text="One per rendered form, so a resubmission stores nothing new."
    )

    # What the person submitted.
    full_name = models.CharField(max_length=150)
    preferred_name = models.CharField("name they like to be called", max_length=80, blank=True)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=20, blank=True, help_text="Stored in international format (E.164).")
    contact_method = models.CharField("preferred contact", max_length=10, choices=ContactMethod.choices)
    state = models.CharField("state of residence", max_length=2, choices=US_STATES)
    visit_preference = models.CharField(max_length=12, choices=VisitPreference.choices)
    help_with = models.JSONField("wants help with", default=list)
    message = models.TextField(blank=True)
    thoughts_of_suicide = models.CharField(
        "said they are having thoughts of ending their life", max_length=6, choices=Answer.choices, blank=True,
        help_text="Their answer to the form's question. Yes makes the request urgent.",
    )
    best_time = models.CharField("when to reach them", max_length=200, blank=True)
    heard_about = models.CharField("heard of us from", max_length=12, choices=HeardAbout.choices, blank=True)
    is_adult = models.BooleanField("confirmed 18 or older", default=False)
    consented = models.BooleanField("consented to contact and read privacy notice", default=False)
    preferred_language = models.CharField(
        "language to contact them in", max_length=2, choices=Language.choices, default=Language.ENGLISH,
        help_text="Their answer to the form's question: which language we should use when we contact them.",
    )
    language = models.CharField(
        "language of the form they used", max_length=2, choices=Language.choices, default=Language.ENGLISH,
        editable=False, help_text="The page's language when they sent it. Their emails from the site use it.",
    )

    # Optional pre-screen: flags for staff, never an automatic rejection.
    pregnancy = models.CharField("pregnant or may be", max_length=6, choices=Answer.choices, blank=True)
    psychosis_or_mania = models.CharField("history of psychosis or mania", max_length=6, choices=Answer.choices,
                                          blank=True)
    heart_condition = models.CharField("high blood pressure or heart disease", max_length=6,
                                       choices=Answer.choices, blank=True)
    substance_use_concern = models.CharField("alcohol or drug use concerns", max_length=6, choices=Answer.choices,
                                             blank=True)
    prior_ketamine = models.CharField("had ketamine treatment before", max_length=6, choices=Answer.choices,
                                      blank=True)

    # Worked out when the request arrives.
    crisis_language = models.BooleanField(
        default=False, help_text="What they wrote suggests a risk of suicide or self-harm."
    )
    crisis_reason = models.CharField(
        "why it was flagged", max_length=300, blank=True,
        help_text="The words that made the crisis check flag it, or their answer to the crisis question.",
    )
    outside_licensed_states = models.BooleanField(default=False)
    suspected_spam = models.BooleanField(default=False, db_index=True)
    over_rate_limit = models.BooleanField(
        "sent over the connection's hourly limit", default=False,
        help_text="Many requests came from one connection (a phone network, clinic or library can be "
        "shared). Kept, never refused: check it is a real person before replying.",
    )
    spam_reason = models.CharField(max_length=120, blank=True)
    source_article = models.ForeignKey(
        "articles.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="consultation_requests"
    )

    # Triage.
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_reason = models.CharField("reason", max_length=300, blank=True,
                                      help_text="For 'not a fit': why, in brief. Never health details.")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_requests"
    )
    received_at = models.DateTimeField(default=timezone.now, editable=False)
    first_contacted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    purged_at = models.DateTimeField(null=True, blank=True, editable=False,
                                     help_text="When personal details were removed under the retention policy.")

    # --- Triage (issue 13) ---
    first_contact_due_at = models.DateTimeField(
        "first contact due", null=True, editable=False, db_index=True,
        help_text="Business hours after arrival, by priority (practice hours; weekends and holidays skipped).",
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates",
        verbose_name="duplicate of", help_text="The other request from this person, when closed as a duplicate.",
    )
    # Optimistic locking: each save is an UPDATE ... WHERE version = the version this copy read.
    version = models.PositiveIntegerField(default=1, editable=False)
    # --- end triage (issue 13) ---

    objects = ConsultationRequestQuerySet.as_manager()

    # What the person sends, in the form's order: the public form (a ModelForm) asks for
    # exactly these, the admin shows them read-only, the CSV exports them. A new question is
    # added here and to the form's layout.
    SUBMITTED_FIELDS = (
        "full_name", "preferred_name", "email", "contact_method", "phone", "best_time", "preferred_language",
        "state", "visit_preference", "help_with", "message", "thoughts_of_suicide", "heard_about",
        "pregnancy", "psychosis_or_mania", "heart_condition", "substance_use_concern", "prior_ketamine",
        "is_adult", "consented",
    )
    # The optional health questions, with the short flag staff see for a "yes" (or "not sure").
    PRESCREEN_FLAGS = {
        "pregnancy": "Pregnancy",
        "psychosis_or_mania": "Psychosis/mania",
        "heart_condition": "Heart/BP",
        "substance_use_concern": "Substance use",
        "prior_ketamine": "Prior ketamine",
    }
    # Kept after the retention period for the practice's records; every other submitted field
    # (and the free-text reasons) is cleared by the purge, so a new field is purged by default.
    # A language says nothing about who someone is (like a state), and keeps the practice's
    # count of requests in Spanish.
    KEPT_AFTER_PURGE = ("contact_method", "preferred_language", "state", "visit_preference", "is_adult", "consented")
    PURGED_TRIAGE_FIELDS = ("outcome_reason", "spam_reason", "crisis_reason")

    class Meta:
        ordering = ["priority", "received_at"]
        permissions = [("export_consultationrequest", "Can export consultation requests to CSV")]
        indexes = [
            models.Index(fields=["suspected_spam", "status", "priority", "received_at"], name="consult_triage"),
            models.Index(fields=["assignee", "status"], name="consult_assignee"),
            models.Index(fields=["closed_at"], name="consult_closed_at"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="consult_valid_status"),
            models.CheckConstraint(condition=Q(priority__in=Priority.values), name="consult_valid_priority"),
            models.CheckConstraint(condition=Q(outcome__in=[*Outcome.values, ""]), name="consult_valid_outcome"),
            models.CheckConstraint(
                condition=~Q(email="") | Q(purged_at__isnull=False), name="consult_email_present"
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(outcome=""), name="consult_closed_has_outcome"
            ),
            models.CheckConstraint(
                condition=~Q(outcome=Outcome.NOT_A_FIT) | ~Q(outcome_reason="") | Q(purged_at__isnull=False),
                name="consult_not_a_fit_has_reason",
            ),
            # Triage rules (issue 13): an outcome only on a closed request; closed_at with it.
            models.CheckConstraint(condition=Q(status="closed") | Q(outcome=""), name="consult_outcome_only_closed"),
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False)
                | (~Q(status="closed") & Q(closed_at__isnull=True)),
                name="consult_closed_at_matches_status",
            ),
            models.CheckConstraint(condition=~Q(duplicate_of=models.F("pk")), name="consult_not_duplicate_of_itself"),
            models.CheckConstraint(condition=Q(language__in=Language.values), name="consult_valid_language"),
            models.CheckConstraint(condition=Q(preferred_language__in=Language.values),
                                   name="consult_valid_preferred_language"),
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        if self.first_contact_due_at is None and self.received_at:
            self.first_contact_due_at = first_contact_due(self.received_at, self.priority)
        if kwargs.get("update_fields") is not None and not self._state.adding:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        # Optimistic locking (hand-written: the libraries for it replace the admin's save flow,
        # and we need the conflict shown with what changed): UPDATE ... WHERE version = read version.
        read_version = self.version
        values = [(field, model, read_version + 1 if field.attname == "version" else value)
                  for field, model, value in values]
        updated = super()._do_update(base_qs.filter(version=read_version), using, pk_val, values,
                                     update_fields, forced_update)
        if updated:
            self.version = read_version + 1
        elif base_qs.filter(pk=pk_val).exists():
            raise StaleRequestError(f"{self.reference} was changed by someone else (version {read_version} is old).")
        return updated

    @property
    def display_name(self):
        if self.purged_at:
            return "(personal details removed)"
        if self.preferred_name:
            return f"{self.full_name} ({self.preferred_name})"
        return self.full_name

    @classmethod
    def purged_values(cls):
        """Field values that replace personal data when a request passes the retention period."""
        names = [name for name in cls.SUBMITTED_FIELDS if name not in cls.KEPT_AFTER_PURGE]
        return {name: cls._meta.get_field(name).get_default() for name in [*names, *cls.PURGED_TRIAGE_FIELDS]}

    def clean(self):
        super().clean()
        validate_outcome(self.outcome, self.outcome_reason)
        if self.status == Status.CLOSED and not self.outcome:
            raise ValidationError({"outcome": "Choose an outcome to close the request."})
        if self.status != Status.CLOSED and self.outcome:
            raise ValidationError({"outcome": "An outcome is only for a closed request: set the status to "
                                              "\u201cClosed\u201d or leave the outcome empty."})
        if self.outcome == Outcome.DUPLICATE and not self.duplicate_of_id:
            raise ValidationError({"duplicate_of": "Choose the request this one duplicates."})
        if self.duplicate_of_id and self.duplicate_of_id == self.pk:
            raise ValidationError({"duplicate_of": "A request cannot duplicate itself."})
        if self.pk:
            old_status = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if old_status:
                validate_status_step(old_status, self.status)

    @property
    def possible_duplicates(self):
        return type(self).objects.same_person_as(self).order_by("-received_at")

    @property
    def flags(self):
        """Short labels for what staff should know before the first call."""
        labels = []
        if self.crisis_language:
            labels.append("Crisis language")
        for field, label in self.PRESCREEN_FLAGS.items():
            answer = getattr(self, field)
            if answer in (self.Answer.YES, self.Answer.UNSURE):
                labels.append(label if answer == self.Answer.YES else f"{label}?")
        if self.outside_licensed_states:
            labels.append("Outside licensed states")
        if self.over_rate_limit:
            labels.append("Many from one connection")
        return labels

    @property
    def is_urgent(self):
        return self.priority == Priority.URGENT

    def check_risk(self):
        """Mark the request urgent when its answers show risk of suicide or self-harm, and say why."""
        check = assess_answers(self.message, self.best_time, self.preferred_name, self.thoughts_of_suicide)
        self.crisis_language = any(reason != SAID_YES_REASON for reason in check.reasons)
        self.crisis_reason = check.summary
        self.priority = Priority.URGENT if check.at_risk else Priority.NORMAL
        return check.at_risk

    def change_priority(self, new_priority, by, reason):
        """Staff mark a request urgent or not urgent, with a reason, which is kept."""
        old_priority = self.priority
        if old_priority == new_priority:
            return
        self.priority = new_priority
        self.first_contact_due_at = first_contact_due(self.received_at, new_priority)
        self.save(update_fields=["priority", "first_contact_due_at", "updated_at"])
        PriorityChange.objects.create(request=self, from_priority=old_priority, to_priority=new_priority,
                                      reason=reason, changed_by=by)

    def change_status(self, new_status, by, outcome="", reason="", duplicate_of=None):
        """Move the request along the workflow (only the ALLOWED_STEPS), stamp the times, and
        record the change."""
        old_status = self.status
        validate_status_step(old_status, new_status)
        now = timezone.now()
        self.status = new_status
        if duplicate_of is not None:
            self.duplicate_of = duplicate_of
        if new_status != self.Status.NEW and self.first_contacted_at is None:
            self.first_contacted_at = now
        if new_status == self.Status.CLOSED:
            self.outcome = outcome or self.outcome
            self.outcome_reason = reason or self.outcome_reason
            self.closed_at = self.closed_at or now
        else:
            self.outcome, self.outcome_reason, self.closed_at, self.duplicate_of = "", "", None, None
        self.clean()
        self.save()
        if old_status != new_status:
            StatusChange.objects.create(
                request=self, from_status=old_status, to_status=new_status, changed_by=by,
                outcome=self.outcome if new_status == self.Status.CLOSED else "",
            )


class AppendOnlyModel(models.Model):
    """Rows that are written once and never edited (notes, history, the access log)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError(f"{type(self).__name__} entries cannot be changed once written.")
        super().save(*args, **kwargs)


class ConsultationNote(AppendOnlyModel):
    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField("note")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Note by {self.author or 'someone'} on {timezone.localtime(self.created_at):%b %-d, %Y at %-I:%M %p}"


class StatusChange(AppendOnlyModel):
    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=ConsultationRequest.Status.choices)
    to_status = models.CharField(max_length=20, choices=ConsultationRequest.Status.choices)
    outcome = models.CharField(max_length=20, choices=ConsultationRequest.Outcome.choices, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class PriorityChange(AppendOnlyModel):
    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="priority_changes")
    from_priority = models.PositiveSmallIntegerField(choices=Priority.choices)
    to_priority = models.PositiveSmallIntegerField(choices=Priority.choices)
    reason = models.CharField(max_length=300)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self):
        return f"{self.get_from_priority_display()} → {self.get_to_priority_display()}"


# --- Contact log and reply templates (issue 13) ---------------------------------------------------

class ContactAttempt(AppendOnlyModel):
    """One try at reaching the person: the first one stops the first-contact clock."""

    class Method(models.TextChoices):
        CALL = "call", "Phone call"
        VOICEMAIL = "voicemail", "Voicemail left"
        TEXT = "text", "Text message"
        EMAIL = "email", "Email"

    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="contact_attempts")
    method = models.CharField(max_length=10, choices=Method.choices)
    reached = models.BooleanField("reached them", default=False)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name="by")
    made_at = models.DateTimeField("when", default=timezone.now, editable=False)

    class Meta:
        ordering = ["made_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(method__in=["call", "voicemail", "text", "email"]),
                                   name="contact_attempt_valid_method"),
            models.CheckConstraint(condition=~Q(method="voicemail", reached=True),
                                   name="contact_attempt_voicemail_not_reached"),
        ]

    def __str__(self):
        outcome = "reached" if self.reached else "not reached"
        return f"{self.get_method_display()}, {outcome}"

    @classmethod
    def log(cls, request, method, reached, by):
        """Record an attempt; the first one is the first contact, and reaching someone still new
        moves the request to "Contacted"."""
        from django.db import transaction

        with transaction.atomic():
            attempt = cls.objects.create(request=request, method=method, reached=reached and method != "voicemail",
                                         made_by=by)
            # One UPDATE, so a colleague's save a moment earlier is never in the way (or undone).
            ConsultationRequest.objects.filter(pk=request.pk, first_contacted_at__isnull=True).update(
                first_contacted_at=attempt.made_at, version=models.F("version") + 1, updated_at=attempt.made_at)
            request.refresh_from_db()
            if attempt.reached and request.status == Status.NEW:
                request.change_status(Status.CONTACTED, by)
        return attempt


class ReplyTemplate(models.Model):
    """An email staff send from a request's page. Practice admins write them; they may use only
    the placeholders in PLACEHOLDERS, so no health detail from the request can get into one."""

    PLACEHOLDERS = {
        "name": "the name they like to be called",
        "reference": "the request's reference",
        "practice_name": "the practice's name",
        "practice_phone": "the practice's phone number",
    }

    name = models.CharField(max_length=80, unique=True, help_text="What staff pick, e.g. \u201cWaitlist\u201d.")
    subject = models.CharField(max_length=150)
    body = models.TextField(help_text="Plain text. You can use {name}, {reference}, {practice_name} and "
                                      "{practice_phone}. Never write health details here.")
    active = models.BooleanField(default=True, help_text="Only active templates are offered to staff.")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        import string

        for part in ("subject", "body"):
            try:
                names = {field for _text, field, _spec, _conv in string.Formatter().parse(getattr(self, part))
                         if field is not None}
            except ValueError:
                raise ValidationError({part: "Check the curly braces: use {name} style placeholders."}) from None
            unknown = names - set(self.PLACEHOLDERS)
            if unknown:
                raise ValidationError({part: "Unknown placeholder: " + ", ".join(f"{{{n}}}" for n in sorted(unknown))
                                       + ". You can use " + ", ".join(f"{{{n}}}" for n in self.PLACEHOLDERS) + "."})

    def render(self, request):
        from practice.public import current as current_practice

        practice = current_practice()  # the profile staff keep in the admin
        values = {
            "name": request.preferred_name or (request.full_name.split(" ")[0] if request.full_name else "there"),
            "reference": request.reference,
            "practice_name": practice.name,
            "practice_phone": practice.phone or "",
        }
        return self.subject.format(**values), self.body.format(**values)


# --- end contact log and reply templates ---


class AccessLogEntry(AppendOnlyModel):
    class Action(models.TextChoices):
        VIEWED = "viewed", "Opened"
        CHANGED = "changed", "Changed"
        EXPORTED = "exported", "Exported"
        DELETED = "deleted", "Deleted"
        LISTED = "listed", "Looked at the list"
        SEARCHED = "searched", "Searched"
        ERASED = "erased", "Erased a person's data"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name="staff member")
    username = models.CharField("staff member", max_length=150, help_text="Kept even if the account is removed.")
    request = models.ForeignKey(ConsultationRequest, null=True, on_delete=models.SET_NULL, related_name="+")
    request_reference = models.CharField("request", max_length=12, db_index=True, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    detail = models.CharField(max_length=500, blank=True, help_text="Which fields changed; never their values.")
    # A search is logged by a keyed hash of its text, so the log can show that the same words
    # were searched again without holding a name or a phone number.
    search_hash = models.CharField("search (hashed)", max_length=32, blank=True, db_index=True)
    at = models.DateTimeField("when", default=timezone.now, editable=False, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "access log entry"
        verbose_name_plural = "access log"

    def __str__(self):
        return f"{self.username}: {self.get_action_display()} {self.request_reference}".strip()

    @classmethod
    def record(cls, user, request, action, detail=""):
        return cls.objects.create(
            user=user, username=user.get_username(), request=request,
            request_reference=request.reference, action=action, detail=detail[:500],
        )

    @classmethod
    def record_list(cls, user, detail="", search_text=""):
        """A look at the list of requests (which view, how many rows), or a search: the text hashed."""
        from kap_site.counters.models import keyed_hash

        search_text = search_text.strip()
        return cls.objects.create(
            user=user, username=user.get_username(), request=None, request_reference="",
            action=cls.Action.SEARCHED if search_text else cls.Action.LISTED, detail=detail[:500],
            search_hash=keyed_hash(search_text.casefold()) if search_text else "",
        )


class NoticeQuerySet(models.QuerySet):
    def not_sent(self):
        """Notices that finally failed: staff must reach the person (or colleague) another way."""
        return self.filter(state=Notice.State.FAILED)


class Notice(models.Model):
    """One email about a request to one recipient, kept as a row (an outbox) so it is written in
    the same transaction as the request, retried until it goes, sent at most once, and visible
    to staff when it finally could not be sent. Holds no message text: it is rendered at send
    time from the request, and the requester's address is read from the request."""

    class Kind(models.TextChoices):
        STAFF_NOTICE = "staff_notice", "New-request notice to staff"
        ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement to the person"
        URGENT_ALERT = "urgent_alert", "Urgent alert to the on-call list"
        REPLY = "reply", "Reply to the person"

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Not sent"

    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # A staff address for staff notices; blank for the acknowledgement (the request's own address).
    staff_recipient = models.EmailField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True, help_text="The kind of failure; never message text.")
    # A reply staff chose to send (issue 13): one row per send, by whom.
    reply_template = models.ForeignKey(ReplyTemplate, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name="template")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="notice_due")]
        constraints = [
            # Once per request, kind and recipient, however often it is queued.
            models.UniqueConstraint(fields=["request", "kind", "staff_recipient"], name="notice_once_per_recipient",
                                    condition=~Q(kind="reply")),
            models.CheckConstraint(condition=Q(state__in=["pending", "sending", "sent", "failed"]),
                                   name="notice_valid_state"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_state_display().lower()})"

    @property
    def recipient_label(self):
        return self.staff_recipient or "the person who asked"
