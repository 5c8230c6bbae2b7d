"""The request form: what is stored, what the person sees, and how bad input is handled."""

import re

import pytest
from django.urls import reverse

from consultations.models import ConsultationRequest

from .conftest import FORM_URL, form_token

RECEIVED_URL = reverse("consultations:received")


def test_form_page_warns_it_is_not_for_emergencies_before_any_field(client, db):
    response = client.get(FORM_URL)
    html = response.content.decode()
    assert response.status_code == 200
    first_field = html.index('name="full_name"')
    notice = html.index("This form is not for emergencies")
    assert notice < first_field
    assert html.index('href="tel:988"', notice) < first_field and html.index('href="tel:911"', notice) < first_field
    assert "no-store" in response["Cache-Control"]


def test_every_field_has_a_label_and_help_text(client, db):
    html = client.get(FORM_URL).content.decode()
    for name in ["full_name", "email", "phone", "state", "message", "best_time"]:
        assert f'for="id_{name}"' in html
        assert f'id="id_{name}_helptext"' in html
    assert "They never rule you out" in html


def test_valid_request_is_stored_and_redirects_with_303(submit, valid_data):
    response = submit(valid_data)
    assert response.status_code == 303
    assert response["Location"] == RECEIVED_URL
    request = ConsultationRequest.objects.get()
    assert request.full_name == "Zoë Ñúñez-O'Brien"
    assert request.phone == "+15035550142"
    assert request.help_with == ["depression", "anxiety"]
    assert request.heart_condition == "unsure" and request.psychosis_or_mania == ""
    assert request.status == "new" and request.priority == ConsultationRequest.Priority.NORMAL
    assert re.fullmatch(r"KAP-[0-9A-HJKMNP-TV-Z]{6}", request.reference)
    assert not request.suspected_spam and not request.outside_licensed_states
    assert request.flags == ["Heart/BP?", "Prior ketamine"]


def test_confirmation_shows_reference_and_no_personal_data(client, submit, valid_data):
    submit(valid_data)
    request = ConsultationRequest.objects.get()
    response = client.get(RECEIVED_URL)
    html = response.content.decode()
    assert request.reference in html
    assert "What happens next" in html
    for personal in ["Zoë", "zoe@example.org", "555", "low mood", "Weekday mornings"]:
        assert personal not in html
    assert "no-store" in response["Cache-Control"]


def test_confirmation_without_a_submission_goes_back_to_the_form(client, db):
    response = client.get(RECEIVED_URL)
    assert response.status_code == 302 and response["Location"] == FORM_URL


def test_no_personal_data_in_any_url(client, submit, valid_data):
    response = submit(valid_data, follow=True)
    for url, _status in response.redirect_chain:
        assert "zoe" not in url.lower() and "%40" not in url and "@" not in url
        assert ConsultationRequest.objects.get().reference not in url


def test_errors_are_shown_next_to_fields_and_everything_typed_is_kept(submit, valid_data):
    data = {**valid_data, "email": "not-an-email", "phone": "12", "consented": ""}
    response = submit(data, follow=True)
    html = response.content.decode()
    # Post/redirect/get: the answers come back from the session, never through the URL.
    assert response.redirect_chain == [(FORM_URL, 303)]
    assert response.status_code == 200
    assert ConsultationRequest.objects.count() == 0
    assert 'role="alert"' in html and "Please check 3 things below" in html
    assert 'id="id_email_error"' in html and 'id="id_phone_error"' in html and 'id="id_consented_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_error id_email_helptext"' in html
    assert 'href="#id_email"' in html
    # What the person typed is still there.
    assert 'value="Zoë Ñúñez-O&#x27;Brien"' in html
    assert 'value="not-an-email"' in html
    assert "I have tried two medicines for low mood" in html
    assert re.search(r'value="CA"\s+selected', html)
    assert re.search(r'value="search"\s+selected', html)
    assert html.count(" selected>") == 2
    assert re.search(r'value="depression"[^>]*checked', html)
    assert "Please agree so we can contact you" in html


def test_phone_is_needed_for_a_call_or_text(submit, valid_data):
    html = submit({**valid_data, "phone": "", "contact_method": "text"}, follow=True).content.decode()
    assert "Please add a phone number so we can call or text you" in html
    assert submit({**valid_data, "phone": "", "contact_method": "email"}).status_code == 303


@pytest.mark.parametrize("phone, stored", [
    ("503-555-0142", "+15035550142"), ("+44 20 7946 0958", "+442079460958"), ("(503) 555 0142", "+15035550142"),
])
def test_phone_numbers_are_normalised(submit, valid_data, phone, stored):
    submit({**valid_data, "phone": phone})
    assert ConsultationRequest.objects.get().phone == stored


@pytest.mark.parametrize("name", ["李小龍", "Nguyễn Thị Minh Khai", "O'Connor-Smith", "José María", "Ngũgĩ wa Thiong'o",
                                  "Άννα Παπαδοπούλου", "محمد"])
def test_unicode_names_are_accepted(submit, valid_data, name):
    assert submit({**valid_data, "full_name": name}).status_code == 303
    assert ConsultationRequest.objects.get().full_name == name


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", "=HYPERLINK(\"http://x\")", "12345", "{{7*7}}"])
def test_names_with_markup_formulas_or_no_letters_get_a_kind_error(submit, valid_data, name):
    response = submit({**valid_data, "full_name": name}, follow=True)
    assert response.status_code == 200
    assert "Please" in response.content.decode()
    assert ConsultationRequest.objects.count() == 0


def test_header_injection_in_names_is_refused_or_flattened(submit, valid_data, mailoutbox, run_queued_jobs,
                                                          settings):
    refused = submit({**valid_data, "full_name": "Ann\r\nBcc: victim@example.com"}, follow=True)
    assert refused.status_code == 200 and ConsultationRequest.objects.count() == 0
    submit({**valid_data, "full_name": "Ann\r\nBcc victim", "preferred_name": "A\nnn"})
    run_queued_jobs()
    request = ConsultationRequest.objects.get()
    assert request.full_name == "Ann Bcc victim" and request.preferred_name == "A nn"
    assert sorted(message.recipients() for message in mailoutbox) == sorted(
        [["zoe@example.org"], *[[address] for address in settings.CONSULTATION_NOTIFY_EMAILS]]
    )
    for message in mailoutbox:
        assert "Bcc" not in str(message.message())


def test_nul_bytes_and_control_characters_become_spaces_then_names_are_tidied(submit, valid_data):
    response = submit({**valid_data, "full_name": "Robin\x00Park\x07", "preferred_name": "Ann\x00 Lee",
                       "message": "a\x00b there\x07\nSecond line\x00"})
    assert response.status_code == 303
    request = ConsultationRequest.objects.get()
    assert request.full_name == "Robin Park" and request.preferred_name == "Ann Lee"
    assert request.message == "a b there \nSecond line"


def test_very_long_message_gets_a_kind_error_and_is_kept_whole(submit, valid_data):
    long_text = "word " * 520  # 2,599 characters once the last space goes
    response = submit({**valid_data, "message": long_text}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Your message is 2599 characters long, and this form takes up to 2,000" in html
    assert "Everything you typed is still here" in html
    assert long_text.strip() in html  # whole, not cut
    assert "2,599 characters: 599 over the limit of 2,000" in html
    assert ConsultationRequest.objects.count() == 0


def test_characters_are_counted_as_the_server_counts_not_in_utf16_units(submit, valid_data):
    # 2,000 emoji are 4,000 UTF-16 units (what a browser's maxlength counts) but 2,000 characters.
    assert submit({**valid_data, "message": "🙂" * 2000}).status_code == 303
    assert ConsultationRequest.objects.get().message == "🙂" * 2000
    html = submit({**valid_data, "message": "🙂" * 2001, "form_token": form_token()}, follow=True).content.decode()
    assert "Your message is 2001 characters long" in html and "2,001 characters: 1 over the limit" in html


def test_no_field_relies_on_a_browser_maxlength_that_cuts_silently(client, db):
    html = client.get(FORM_URL).content.decode()
    assert "maxlength" not in html.split('class="consultation-form"')[1]
    assert 'id="id_message_counter"' in html and "0 of 2,000 characters used" in html
    assert 'aria-describedby="id_message_helptext id_message_counter"' in html


def test_any_text_over_its_limit_gets_a_kind_error(submit, valid_data):
    html = submit({**valid_data, "best_time": "x" * 201}, follow=True).content.decode()
    assert "This is 201 characters long. Please shorten it to 200 or fewer." in html


def test_html_and_script_in_message_are_stored_as_text_and_never_rendered(submit, valid_data, admin_client):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    submit({**valid_data, "message": payload})
    request = ConsultationRequest.objects.get()
    assert request.message == payload
    html = admin_client.get(reverse("admin:consultations_consultationrequest_change", args=[request.pk])).content
    assert b'<script>alert("x")</script>' not in html
    assert b"&lt;script&gt;" in html


def test_someone_outside_licensed_states_is_accepted_and_told_kindly(client, submit, valid_data):
    assert submit({**valid_data, "state": "TX"}).status_code == 303
    request = ConsultationRequest.objects.get()
    assert request.outside_licensed_states and "Outside licensed states" in request.flags
    html = client.get(RECEIVED_URL).content.decode()
    assert "may not be able to treat you" in html and "findtreatment.gov" in html.lower()


def test_request_from_an_article_records_it(client, submit, valid_data, make_article):
    article = make_article("Ketamine for depression")
    html = client.get(FORM_URL + f"?article={article.slug}").content.decode()
    assert f'value="{article.slug}"' in html and "You are asking about" in html
    submit({**valid_data, "source_article": article.slug})
    assert ConsultationRequest.objects.get().source_article == article


def test_unknown_or_draft_source_article_is_ignored(submit, valid_data, make_article):
    draft = make_article("Secret draft", status="draft")
    assert submit({**valid_data, "source_article": draft.slug}).status_code == 303
    assert ConsultationRequest.objects.get().source_article is None


@pytest.mark.parametrize("data", [
    {},
    {"full_name": ["a", "b"], "help_with": "not-a-choice"},
    {"state": "ZZ", "contact_method": "pigeon", "visit_preference": "moon", "is_adult": "yes"},
    {"form_token": "garbage", "email": "a@b.c" * 100},
    {"help_with": ["depression"] * 50, "website": ["a", "b"]},
])
def test_garbage_posts_never_cause_a_server_error(submit, valid_data, data):
    response = submit(data, follow=True)
    assert response.status_code == 200
    assert ConsultationRequest.objects.count() == 0


def test_missing_form_token_is_stored_as_suspected_spam_not_lost(submit, valid_data):
    data = {**valid_data}
    del data["form_token"]
    assert submit(data).status_code == 303
    request = ConsultationRequest.objects.get()
    assert request.suspected_spam and "token" in request.spam_reason


def test_resubmitting_the_same_rendered_form_stores_one_request(client, submit, valid_data):
    first = submit(valid_data)
    second = submit(valid_data)
    assert first.status_code == second.status_code == 303
    assert ConsultationRequest.objects.count() == 1


def test_a_new_render_is_a_new_request(submit, valid_data):
    submit(valid_data)
    submit({**valid_data, "form_token": form_token()})
    assert ConsultationRequest.objects.count() == 2



# Post/redirect/get, shared devices and replays ---------------------------------------------------

def test_a_form_with_errors_comes_back_by_get_so_reload_and_back_work(client, submit, valid_data):
    response = submit({**valid_data, "email": "nope"})
    assert response.status_code == 303 and response["Location"] == FORM_URL
    assert "zoe" not in response["Location"].lower()
    for _reload in range(2):
        page = client.get(FORM_URL)
        html = page.content.decode()
        assert page.status_code == 200 and "no-store" in page["Cache-Control"]
        assert 'value="nope"' in html and "I have tried two medicines" in html
        assert "Please check 1 thing below" in html
    # Fixed and sent: stored once, and the form is empty again.
    assert submit(valid_data).status_code == 303
    assert ConsultationRequest.objects.count() == 1
    html = client.get(FORM_URL).content.decode()
    assert "zoe@example.org" not in html and "I have tried two medicines" not in html


def test_kept_answers_move_to_a_new_session_key(client, submit, valid_data):
    client.get(FORM_URL)
    submit({**valid_data, "email": "nope"})
    planted = client.cookies["sessionid"].value
    submit({**valid_data, "email": "still-wrong"})
    assert client.cookies["sessionid"].value != planted
    stranger = type(client)()
    stranger.cookies["sessionid"] = planted
    assert "still-wrong" not in stranger.get(FORM_URL).content.decode()


def test_answers_of_an_abandoned_form_do_not_outlive_its_session(client, submit, valid_data):
    import datetime

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    submit({**valid_data, "email": "nope"})
    abandoned = Session.objects.get()
    Session.objects.filter(pk=abandoned.pk).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    other = type(client)()
    other.post(FORM_URL, {**valid_data, "email": "also-wrong", "form_token": form_token()})
    assert not Session.objects.filter(pk=abandoned.pk).exists()
    assert Session.objects.count() == 1


def test_storing_a_request_rotates_the_session_so_a_planted_id_sees_nothing(client, submit, valid_data):
    submit({**valid_data, "email": "nope"})  # the visitor now has a session...
    planted = client.cookies["sessionid"].value  # ...whose id an attacker knows
    submit(valid_data)
    assert client.cookies["sessionid"].value != planted
    attacker = type(client)()
    attacker.cookies["sessionid"] = planted
    response = attacker.get(RECEIVED_URL)
    assert response.status_code == 302
    assert ConsultationRequest.objects.get().reference not in attacker.get(FORM_URL).content.decode()


def test_the_confirmation_is_shown_once(client, submit, valid_data):
    submit(valid_data)
    reference = ConsultationRequest.objects.get().reference
    assert reference in client.get(RECEIVED_URL).content.decode()
    again = client.get(RECEIVED_URL)
    assert again.status_code == 302 and again["Location"] == FORM_URL
    assert reference not in client.get(FORM_URL).content.decode()


def test_a_replayed_form_token_never_shows_the_reference(client, submit, valid_data):
    submit(valid_data)
    reference = ConsultationRequest.objects.get().reference
    replayer = type(client)()
    response = replayer.post(FORM_URL, {**valid_data, "email": "someone-else@example.org"}, follow=True)
    html = response.content.decode()
    assert "We already have this request" in html
    assert reference not in html and "zoe@example.org" not in html
    assert ConsultationRequest.objects.count() == 1


def test_the_sent_page_and_form_are_never_cached(client, submit, valid_data):
    submit(valid_data)
    response = client.get(RECEIVED_URL)
    assert "no-store" in response["Cache-Control"]


# The anti-forgery cookie or token failed --------------------------------------------------------

def csrf_client():
    from django.test import Client

    return Client(enforce_csrf_checks=True)


def test_an_expired_token_brings_the_form_back_with_every_answer_and_a_fresh_token(db, valid_data):
    browser = csrf_client()
    browser.get(FORM_URL)
    response = browser.post(FORM_URL, {**valid_data, "csrfmiddlewaretoken": "x" * 64}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [(FORM_URL, 303)]
    assert 'Please press "Send my request" once more' in html
    assert 'value="zoe@example.org"' in html and "I have tried two medicines" in html
    fresh = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert ConsultationRequest.objects.count() == 0
    data = {**valid_data, "csrfmiddlewaretoken": fresh}
    assert browser.post(FORM_URL, data).status_code == 303
    assert ConsultationRequest.objects.count() == 1


def test_a_missing_cookie_shows_the_answers_at_once_with_a_fresh_cookie(db, valid_data):
    browser = csrf_client()  # no cookie at all: a redirect could not carry the answers
    response = browser.post(FORM_URL, valid_data)
    html = response.content.decode()
    assert response.status_code == 403 and "no-store" in response["Cache-Control"]
    assert 'value="zoe@example.org"' in html and "allow cookies" in html
    fresh = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert "csrftoken" in response.cookies
    assert browser.post(FORM_URL, {**valid_data, "csrfmiddlewaretoken": fresh}).status_code == 303


def test_a_form_sent_from_another_site_keeps_nothing(db, valid_data):
    browser = csrf_client()
    browser.get(FORM_URL)
    response = browser.post(FORM_URL, valid_data, HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403 and "zoe@example.org" not in response.content.decode()
    assert "zoe@example.org" not in browser.get(FORM_URL).content.decode()


def test_the_anti_forgery_cookie_is_short_lived(client, db):
    response = client.get(FORM_URL)
    assert 0 < response.cookies["csrftoken"]["max-age"] <= 2 * 3600
