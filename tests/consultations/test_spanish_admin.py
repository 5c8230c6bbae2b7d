"""Staff see, in English and plain words, the language of the form a person used and the language
they asked to be contacted in: in the inbox, as a filter, on the request page and in the exports."""

import csv
import io
import json

from django.urls import reverse

from consultations.models import ConsultationRequest

from .conftest import CHANGELIST, change_url, make_request


def test_the_inbox_shows_each_requests_language_and_filters_by_it(triage, db):
    spanish = make_request(full_name="Lucía Spanish", language="es", preferred_language="es")
    mixed = make_request(full_name="Mateo Mixed", email="m@example.org", language="es", preferred_language="en")
    english = make_request(full_name="Ella English", email="e@example.org")
    html = triage.get(CHANGELIST).content.decode()
    assert "<th" in html and ">Language<" in html
    assert "Spanish<br><span class=\"kap-age\">contact in English</span>" in html
    assert "Español" not in html  # the admin stays in English

    def listed(**params):
        page = triage.get(CHANGELIST, params).content.decode()
        return {r.full_name for r in (spanish, mixed, english) if r.reference in page}

    assert "Sent in Spanish" in html and "Prefers to be contacted in Spanish" in html
    assert listed(language="sent-es") == {"Lucía Spanish", "Mateo Mixed"}
    assert listed(language="prefers-es") == {"Lucía Spanish"}
    assert listed(language="prefers-en") == {"Mateo Mixed", "Ella English"}
    assert listed(language="sent-en") == {"Ella English"}


def test_the_request_page_says_in_plain_words_which_languages(triage, db):
    request = make_request(language="es", preferred_language="es")
    html = triage.get(change_url(request)).content.decode()
    assert "Sent in Spanish; prefers to be contacted in Spanish" in html
    other = make_request(email="o@example.org", language="es", preferred_language="en")
    assert "Sent in Spanish; prefers to be contacted in English" in triage.get(change_url(other)).content.decode()


def test_staff_can_save_a_spanish_request_without_touching_its_languages(triage, db):
    from .conftest import admin_form_data

    request = make_request(language="es", preferred_language="es")
    response = triage.post(change_url(request), admin_form_data(request, status="contacted"))
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.language, request.preferred_language) == ("contacted", "es", "es")


def test_the_csv_and_the_persons_data_include_both_languages(practice_admin, db):
    request = make_request(language="es", preferred_language="en", help_with=["depression"])
    response = practice_admin.post(CHANGELIST, {"action": "export_csv", "_selected_action": [request.pk]})
    row = next(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert (row["Form language"], row["Language for contact"]) == ("Spanish", "English")
    assert row["Wants help with"] == "Depression" and row["State"] == "California"
    person = practice_admin.post(reverse("admin:consultations_consultationrequest_person"),
                                 {"email": request.email, "download": "1"})
    record = json.loads(person.content)[0]
    assert (record["Form language"], record["Language for contact"]) == ("Spanish", "English")


def test_languages_are_kept_when_personal_details_are_purged(db):
    values = ConsultationRequest.purged_values()
    assert "preferred_language" not in values and "language" not in values
