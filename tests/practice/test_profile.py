"""The practice profile: staff edit it in the admin; every public page, the About page, the
confirmation page and the structured data show it; a new site starts with marked sample data
that `check --deploy` warns about."""

import json
import re

import pytest
from django.core import checks
from django.urls import reverse

from practice.models import Clinician, Location, PracticeProfile
from tests.conftest import login_verified
from tests.helpers import parse_form


@pytest.fixture
def about(make_page):
    return make_page(slug="about", title="About us", body="## Who\n\nWe help.")


def deploy_warnings():
    """The practice's warnings among what `manage.py check --deploy` reports."""
    messages = checks.run_checks(include_deployment_checks=True)
    return {message.id for message in messages if message.id.startswith("practice.")}


def fill_profile():
    profile = PracticeProfile.load()
    profile.name, profile.phone, profile.email = "Rivera Ketamine Clinic", "(503) 555-0142", "hello@rivera.example"
    profile.licensed_states = "OR, WA"
    profile.is_sample = False
    profile.save()
    profile.locations.all().delete()
    Location.objects.create(profile=profile, name="Portland office", street="12 Alder Street", city="Portland",
                            state="OR", postal_code="97205", hours="Monday to Thursday, 8 AM to 6 PM")
    return profile


def test_a_new_site_starts_with_marked_sample_data(client, about):
    profile = PracticeProfile.load()
    assert profile.is_sample and Clinician.objects.filter(is_sample=True).exists()
    html = client.get("/about/").content.decode()
    assert "sample practice details" in html.lower()
    assert "Sample Clinician" in html


def test_check_deploy_warns_while_sample_data_remains(db):
    assert deploy_warnings() == {"practice.W001", "practice.W002", "practice.W003"}
    fill_profile()
    Clinician.objects.create(name="Ana Rivera", credentials="MD", licence_states="OR")
    assert deploy_warnings() == {"practice.W003"}  # the sample clinician is still there
    Clinician.objects.filter(is_sample=True).delete()
    assert deploy_warnings() == set()


def test_profile_shows_in_footer_about_and_json_ld(client, about):
    fill_profile()
    Clinician.objects.create(name="Ana Rivera", credentials="MD, psychiatrist", licence_states="OR, WA",
                             bio="Dr. Rivera leads our medical care.")
    home = client.get("/").content.decode()
    footer = home[home.index("<footer"):]
    assert "Rivera Ketamine Clinic" in footer and 'href="tel:5035550142"' in footer
    assert "12 Alder Street, Portland, OR 97205" in footer and "Monday to Thursday, 8 AM to 6 PM" in footer
    assert "sample" not in footer.lower()
    html = client.get("/about/").content.decode()
    assert "Ana Rivera, MD, psychiatrist" in html and "Licensed in Oregon, Washington" in html
    assert "licensed in Oregon and Washington" in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1])
    assert data["@type"] == "MedicalClinic" and data["name"] == "Rivera Ketamine Clinic"
    assert data["telephone"] == "(503) 555-0142"
    assert data["address"][0]["streetAddress"] == "12 Alder Street"
    rivera = next(person for person in data["employee"] if person["name"] == "Ana Rivera")
    assert rivera["@type"] == "Physician" and rivera["honorificSuffix"] == "MD, psychiatrist"


def test_staff_edit_the_profile_in_the_admin(client, admin_user):
    login_verified(client, admin_user)
    profile = PracticeProfile.load()
    assert client.get(reverse("admin:practice_practiceprofile_changelist"))["Location"].endswith(
        reverse("admin:practice_practiceprofile_change", args=[profile.pk])
    )
    url = reverse("admin:practice_practiceprofile_change", args=[profile.pk])
    data = {k: v for k, v in parse_form(client.get(url).content.decode()).values().items() if not k.startswith("_")}
    data.update(name="Harbor KAP", phone="(206) 555-0199", licensed_states="wa")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    profile.refresh_from_db()
    assert profile.name == "Harbor KAP" and not profile.is_sample
    assert "Harbor KAP" in client.get("/articles/").content.decode()


def test_unknown_state_codes_get_a_kind_error(client, admin_user):
    login_verified(client, admin_user)
    profile = PracticeProfile.load()
    url = reverse("admin:practice_practiceprofile_change", args=[profile.pk])
    data = {k: v for k, v in parse_form(client.get(url).content.decode()).values().items() if not k.startswith("_")}
    data.update(licensed_states="OR, XX", name="Kept name")
    html = client.post(url, data).content.decode()
    assert "Not a US state code: XX." in html and 'value="Kept name"' in html


def test_the_profile_costs_public_pages_no_queries_once_read(client, about, django_assert_max_num_queries):
    client.get("/about/")
    with django_assert_max_num_queries(1):
        client.get("/about/")


def test_the_confirmation_page_says_how_to_reach_the_practice(client, db, settings):
    from tests.helpers import valid_answers

    settings.CONSULTATION_MIN_FILL_SECONDS = 0
    fill_profile()
    response = client.post(reverse("consultations:request"), valid_answers())
    assert response.status_code in (302, 303)
    html = client.get(response["Location"]).content.decode()
    main = html[html.index("<main"):html.index("</main>")]
    assert "How to reach Rivera Ketamine Clinic" in main
    assert 'href="tel:5035550142"' in main and "12 Alder Street, Portland, OR 97205" in main


def test_the_form_and_emails_use_the_profile_staff_keep(client, db, mailoutbox, run_queued_jobs):
    """The request form's state help, the out-of-state flag, the acknowledgement and reply emails
    all follow the profile edited in the admin, not the environment that seeded it."""
    from consultations.models import ConsultationRequest, ReplyTemplate
    from consultations.notices import queue_reply
    from tests.helpers import valid_answers

    profile = PracticeProfile.load()
    profile.name, profile.phone, profile.licensed_states = "Harbor Light Therapy", "(541) 555-0199", "OR"
    profile.save()
    form_page = client.get(reverse("consultations:request")).content.decode()
    assert "Our clinicians are licensed in Oregon." in form_page
    client.post(reverse("consultations:request"), {**valid_answers(), "state": "CA"})
    stored = ConsultationRequest.objects.get()
    assert stored.outside_licensed_states
    run_queued_jobs()
    acknowledgement = next(m for m in mailoutbox if m.to == [stored.email])
    assert "(541) 555-0199" in acknowledgement.body
    template = ReplyTemplate.objects.first()
    mailoutbox.clear()
    queue_reply(stored, template, None)
    run_queued_jobs()
    (reply,) = mailoutbox
    assert "Harbor Light Therapy" in reply.from_email
