
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from consultations.forms import new_form_token
from consultations.models import ConsultationRequest
from consultations.services import receive_request
from tests.conftest import login_verified

FORM_URL = reverse("consultations:request")


def form_token(age_seconds=30, token_id=None):
    """A token as the form would have rendered it `age_seconds` ago."""
    return new_form_token(token_id, age_seconds=age_seconds)


@pytest.fixture
def valid_data():
    return {
        "full_name": "Zoë Ñúñez-O'Brien",
        "preferred_name": "Zo",
        "email": "zoe@example.org",
        "phone": "(503) 555-0142",
        "contact_method": "phone",
        "state": "CA",
        "visit_preference": "either",
        "help_with": ["depression", "anxiety"],
        "message": "I have tried two medicines for low mood and want to learn about options.",
        "best_time": "Weekday mornings",
        "heard_about": "search",
        "pregnancy": "no",
        "psychosis_or_mania": "",
        "heart_condition": "unsure",
        "substance_use_concern": "",
        "prior_ketamine": "yes",
        "is_adult": "on",
        "consented": "on",
        "website": "",
        "form_token": form_token(),
    }


@pytest.fixture(autouse=True)
def fresh_rate_limits(db):
    from django.core.cache import cache

    from kap_site.counters.models import EventCount

    EventCount.objects.all().delete()
    cache.clear()


@pytest.fixture
def submit(client):
    def post(data, **extra):
        return client.post(FORM_URL, data, **extra)

    return post


# Staff in the admin ---------------------------------------------------------------------------

CHANGELIST = reverse("admin:consultations_consultationrequest_changelist")


def change_url(request):
    return reverse("admin:consultations_consultationrequest_change", args=[request.pk])


def make_request(**overrides):
    data = {
        "full_name": "Alex Rivera", "email": "alex@example.org", "phone": "+15035550142", "contact_method": "email",
        "state": "CA", "visit_preference": "either", "help_with": ["depression"], "is_adult": True,
        "consented": True, "message": "",
    }
    spam = overrides.pop("spam_reason", "")
    received_at = overrides.pop("received_at", None)
    data.update(overrides)
    request, _ = receive_request(ConsultationRequest(**data), spam_reason=spam)
    if received_at:
        from consultations.models import first_contact_due

        ConsultationRequest.objects.filter(pk=request.pk).update(
            received_at=received_at, first_contact_due_at=first_contact_due(received_at, request.priority))
        request.refresh_from_db()
    return request


def signed_in_with_role(client, django_user_model, username, role):
    user = django_user_model.objects.create_user(username, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    login_verified(client, user)
    client.user = user
    return client


@pytest.fixture
def triage(client, django_user_model):
    return signed_in_with_role(client, django_user_model, "tess", "Triage staff")


@pytest.fixture
def practice_admin(client, django_user_model):
    return signed_in_with_role(client, django_user_model, "pat", "Practice admins")


def references_in_order(html, requests):
    positions = {r.reference: html.index(r.reference) for r in requests if r.reference in html}
    return [ref for ref, _pos in sorted(positions.items(), key=lambda item: item[1])]


def admin_form_data(request, **changes):
    data = {
        "priority": request.priority, "status": request.status, "outcome": request.outcome,
        "outcome_reason": request.outcome_reason, "assignee": request.assignee_id or "",
        "lock_version": request.version, "duplicate_of": request.duplicate_of_id or "",
        "priority_changes-TOTAL_FORMS": "0", "priority_changes-INITIAL_FORMS": "0",
        "status_changes-TOTAL_FORMS": "0", "status_changes-INITIAL_FORMS": "0",
        "notices-TOTAL_FORMS": "0", "notices-INITIAL_FORMS": "0",
        "notes-TOTAL_FORMS": "0", "notes-INITIAL_FORMS": "0",
        "contact_attempts-TOTAL_FORMS": "0", "contact_attempts-INITIAL_FORMS": "0",
        "notes-2-TOTAL_FORMS": "1", "notes-2-INITIAL_FORMS": "0", "notes-2-0-body": "",
    }
    data.update(changes)
    return data


