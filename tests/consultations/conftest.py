
import pytest
from django.urls import reverse

from consultations.forms import new_form_token

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
