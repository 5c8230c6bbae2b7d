"""Receiving a consultation request: store it exactly once, with its emails queued in the same
transaction (see notices.py), so a stored request always has its notices and a failed one none."""

import uuid

from django.db import IntegrityError, transaction

from practice.public import current as current_practice

from .models import ConsultationRequest, new_reference
from .notices import queue_notices, release_held_back


def receive_request(request, *, submission_token=None, spam_reason="", source_article=None):
    """Store `request` (unsaved, from ConsultationRequestForm.save(commit=False)); return
    (stored request, created).

    The same submission token twice (a double click, a resubmit, a replay, two at once)
    returns the request already stored. Suspected spam is stored but gets no emails.
    """
    request.submission_token = submission_token or uuid.uuid4()
    request.check_risk()
    request.outside_licensed_states = request.state not in current_practice().licensed_states
    # Someone at risk must reach staff even when the form looked automated (sent very fast, a
    # browser filling the hidden field, cookies off): urgent wins, and staff see why it looked odd.
    request.suspected_spam = bool(spam_reason) and not request.is_urgent
    if spam_reason and request.is_urgent:
        spam_reason = "looked automated, kept because urgent: " + spam_reason
    request.spam_reason = spam_reason[:120]
    request.source_article = source_article
    for _attempt in range(5):
        try:
            with transaction.atomic():
                request.save(force_insert=True)
                if not request.suspected_spam:
                    queue_notices(request)
            return request, True
        except IntegrityError:
            request.pk = None
            existing = ConsultationRequest.objects.filter(submission_token=request.submission_token).first()
            if existing is not None:
                return existing, False
            # Otherwise the random reference collided with another: try a new one.
            request.reference = new_reference()
    raise RuntimeError("could not allocate a unique consultation reference")


def clear_spam_flag(request):
    """Staff decided a suspected-spam request is real: it gets its notices now (once), including
    any that were held back when it was marked spam."""
    with transaction.atomic():
        ConsultationRequest.objects.filter(pk=request.pk).update(suspected_spam=False)
        request.suspected_spam = False
        release_held_back(request)
        queue_notices(request)
