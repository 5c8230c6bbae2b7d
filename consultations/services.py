"""Receiving a consultation request: store it exactly once, then tell staff and the person."""

import logging
import uuid

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from .crisis import mentions_crisis
from .models import ConsultationRequest

logger = logging.getLogger(__name__)

SUBMITTED_FIELDS = [
    "full_name", "preferred_name", "email", "phone", "contact_method", "state", "visit_preference", "help_with",
    "message", "best_time", "heard_about", "is_adult", "consented", "pregnancy", "psychosis_or_mania",
    "heart_condition", "substance_use_concern", "prior_ketamine",
]


def receive_request(cleaned_data, *, submission_token=None, spam_reason="", source_article=None):
    """Store the request in one transaction; return (request, created).

    The same submission token twice (a double click, a resubmit, a replay, two at once)
    returns the request already stored. Emails go out only after the transaction commits,
    and never for suspected spam.
    """
    submission_token = submission_token or uuid.uuid4()
    values = {name: cleaned_data.get(name) or ConsultationRequest._meta.get_field(name).get_default()
              for name in SUBMITTED_FIELDS}
    crisis = mentions_crisis(cleaned_data.get("message"), cleaned_data.get("best_time"))
    values.update(
        crisis_language=crisis,
        priority=ConsultationRequest.Priority.URGENT if crisis else ConsultationRequest.Priority.NORMAL,
        outside_licensed_states=cleaned_data.get("state") not in settings.PRACTICE_LICENSED_STATES,
        suspected_spam=bool(spam_reason),
        spam_reason=spam_reason[:120],
        source_article=source_article,
    )
    for _attempt in range(5):
        try:
            with transaction.atomic():
                request = ConsultationRequest.objects.create(submission_token=submission_token, **values)
                if not request.suspected_spam:
                    transaction.on_commit(lambda pk=request.pk: send_notifications(pk))
            return request, True
        except IntegrityError:
            existing = ConsultationRequest.objects.filter(submission_token=submission_token).first()
            if existing is not None:
                return existing, False
            # Otherwise the random reference collided with another: try a new one.
    raise RuntimeError("could not allocate a unique consultation reference")


def send_notifications(request_pk):
    """Staff notice and requester acknowledgement. Neither carries health details; a failure to
    send is logged by reference only and never loses the stored request."""
    request = ConsultationRequest.objects.get(pk=request_pk)
    admin_url = settings.SITE_URL + reverse("admin:consultations_consultationrequest_change", args=[request.pk])
    context = {"request_obj": request, "admin_url": admin_url, "practice_name": settings.PRACTICE_NAME,
               "practice_phone": settings.PRACTICE_PHONE}
    messages = [
        (
            f"New consultation request {request.reference} ({request.get_priority_display().lower()} priority)",
            "consultations/email/staff_notification.txt",
            settings.CONSULTATION_NOTIFY_EMAILS,
        ),
        (
            f"We received your request ({request.reference})",
            "consultations/email/acknowledgement.txt",
            [request.email],
        ),
    ]
    for subject, template, recipients in messages:
        if not recipients:
            continue
        try:
            send_mail(subject, render_to_string(template, context), settings.DEFAULT_FROM_EMAIL, recipients)
        except Exception as error:  # noqa: BLE001 - any mail failure must leave the request stored
            logger.error("Could not send %s for %s: %s", template.rsplit("/", 1)[-1], request.reference,
                         type(error).__name__)
