"""The consultation request in Spanish, end to end through the client: the form under /es/, its
errors (with everything typed kept), the language stored with the request, and the Spanish
confirmation, with Spanish crisis help when the message shows risk."""

import datetime
import re
import zoneinfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from consultations.models import ConsultationRequest

from .conftest import FORM_URL, form_token

with translation.override("es"):
    ES_FORM_URL = reverse("consultations:request")
    ES_RECEIVED_URL = reverse("consultations:received")
AT_RISK = "Ya no quiero vivir, pienso en quitarme la vida"
# Text AYUDA to 988 (the Lifeline's Spanish text line), with the ampersand escaped or not.
AYUDA_LINK = re.compile(r'href="sms:988\?&(amp;)?body=AYUDA"')


@pytest.fixture
def spanish_data(valid_data):
    return {**valid_data, "message": "Tengo depresión desde hace años y quiero saber más.",
            "best_time": "Por la tarde", "preferred_language": "es"}


def test_the_spanish_form_lives_under_es_and_asks_in_spanish(client, db):
    assert ES_FORM_URL == "/es/consultation/" and ES_RECEIVED_URL == "/es/consultation/received/"
    html = client.get(ES_FORM_URL).content.decode()
    assert "Solicitar una consulta" in html and "Este formulario no es para emergencias" in html
    assert "Nombre completo" in html and "Enviar mi solicitud" in html
    assert "¿En qué idioma prefiere que le hablemos o escribamos?" in html
    assert "Llamada telefónica" in html and "Elija su estado" in html and "Nueva York" in html
    # The crisis note names the Lifeline's Spanish options.
    assert "llame al 988 y marque 2" in html and AYUDA_LINK.search(html)
    assert "988lineadevida.org" in html
    # The form posts back to the Spanish address, so errors and the confirmation stay in Spanish.
    assert f'action="{ES_FORM_URL}"' in html


def test_the_language_question_starts_on_the_pages_language(client, db):
    spanish = client.get(ES_FORM_URL).content.decode()
    english = client.get(FORM_URL).content.decode()
    assert re.search(r'name="preferred_language" value="es"[^>]*checked', spanish)
    assert re.search(r'name="preferred_language" value="en"[^>]*checked', english)
    # Each language is named in itself.
    assert "English" in spanish and "Español" in english


def test_spanish_errors_are_in_spanish_and_keep_what_was_typed(client, spanish_data):
    data = {**spanish_data, "full_name": "", "email": "no-es-un-correo", "phone": "12", "consented": ""}
    response = client.post(ES_FORM_URL, data, follow=True)
    html = response.content.decode()
    # Post/redirect/get under /es/: the answers come back from the session, never in the URL.
    assert response.redirect_chain == [(ES_FORM_URL, 303)]
    assert ConsultationRequest.objects.count() == 0
    assert "Revise 4 cosas aquí abajo" in html
    assert "Su solicitud todavía no se ha enviado. Todo lo que escribió sigue aquí." in html
    assert "Escriba su nombre completo." in html
    assert "Parece que ese correo electrónico no está completo" in html
    assert "No pudimos leer ese número de teléfono" in html
    assert "Marque que está de acuerdo para que podamos comunicarnos con usted" in html
    # The summary links to each field by its Spanish label.
    assert 'href="#id_email">Correo electrónico: Parece que' in html
    assert "Please" not in html.split("<main", 1)[1]  # no English error or heading in the page's content
    # What the person typed is still there.
    assert 'value="no-es-un-correo"' in html and 'value="12"' in html
    assert "Tengo depresión desde hace años y quiero saber más." in html
    assert re.search(r'value="CA"\s+selected', html)
    assert re.search(r'name="preferred_language" value="es"[^>]*checked', html)
    assert re.search(r'value="depression"[^>]*checked', html)


def test_a_spanish_form_with_errors_comes_back_on_reload_in_spanish(client, spanish_data):
    response = client.post(ES_FORM_URL, {**spanish_data, "phone": "", "contact_method": "text"})
    assert response.status_code == 303 and response["Location"] == ES_FORM_URL
    for _reload in range(2):
        html = client.get(ES_FORM_URL).content.decode()
        assert "Revise 1 cosa aquí abajo" in html
        assert "Agregue un número de teléfono para que podamos llamarle" in html
        assert "Tengo depresión desde hace años" in html


def test_a_too_long_spanish_message_is_explained_in_spanish_and_kept_whole(client, spanish_data):
    message = "palabra " * 300
    html = client.post(ES_FORM_URL, {**spanish_data, "message": message}, follow=True).content.decode()
    assert "Su mensaje tiene 2399 caracteres y este formulario acepta hasta 2\xa0000" in html
    assert "2\xa0399 caracteres: 399 más del límite de 2\xa0000" in html
    assert message.strip() in html
    # The live count's words for static/js/form.js, in Spanish.
    assert 'data-text-used="{used} de {limit} caracteres usados"' in html


def test_a_spanish_request_is_stored_with_its_languages_and_confirmed_in_spanish(client, spanish_data):
    response = client.post(ES_FORM_URL, spanish_data)
    assert response.status_code == 303 and response["Location"] == ES_RECEIVED_URL
    request = ConsultationRequest.objects.get()
    assert (request.language, request.preferred_language) == ("es", "es")
    html = client.get(ES_RECEIVED_URL).content.decode()
    assert "Gracias. Recibimos su solicitud." in html
    assert f"Su número de referencia: <strong class=\"reference\">{request.reference}</strong>" in html
    assert "Qué pasa ahora" in html and "Esta primera conversación es gratis." in html
    assert AYUDA_LINK.search(html)  # help if things get harder, in Spanish
    assert "No tiene que esperarnos" not in html  # not at risk: no crisis lead
    assert "Zo" not in re.sub(r"<script.*?</script>", "", html.split("<main", 1)[1], flags=re.S)


def test_someone_on_the_spanish_form_may_ask_to_be_contacted_in_english(client, spanish_data):
    client.post(ES_FORM_URL, {**spanish_data, "preferred_language": "en"})
    request = ConsultationRequest.objects.get()
    assert (request.language, request.preferred_language) == ("es", "en")


def test_the_english_form_stores_english(client, valid_data):
    client.post(FORM_URL, {**valid_data, "preferred_language": "es"})
    request = ConsultationRequest.objects.get()
    assert (request.language, request.preferred_language) == ("en", "es")


def test_a_form_loaded_before_the_language_question_still_sends(client, spanish_data):
    """A page open during an update has no language answer: the page's language is used."""
    data = {name: value for name, value in spanish_data.items() if name != "preferred_language"}
    assert client.post(ES_FORM_URL, data).status_code == 303
    assert ConsultationRequest.objects.get().preferred_language == "es"


@pytest.mark.parametrize("answer", ["", "fr"])
def test_an_empty_or_unknown_language_answer_is_an_error_in_spanish(client, spanish_data, answer):
    html = client.post(ES_FORM_URL, {**spanish_data, "preferred_language": answer}, follow=True).content.decode()
    assert ConsultationRequest.objects.count() == 0
    assert "Elija el idioma en que prefiere" in html or "Escoja una opción válida" in html


def test_an_at_risk_spanish_message_is_urgent_and_the_confirmation_leads_with_spanish_crisis_help(
        client, spanish_data):
    response = client.post(ES_FORM_URL, {**spanish_data, "message": AT_RISK})
    assert response["Location"] == ES_RECEIVED_URL
    request = ConsultationRequest.objects.get()
    assert request.is_urgent and request.crisis_language and request.language == "es"
    html = client.get(ES_RECEIVED_URL).content.decode()
    content = html.split("<main", 1)[1]
    assert content.index("No tiene que esperarnos") < content.index(request.reference)
    assert "es posible que esté pasando por algo muy difícil" in content
    # 988 with its Spanish option, the Spanish text line and 911.
    assert 'href="tel:988"' in content and "marque 2" in content
    assert AYUDA_LINK.search(content)
    assert 'href="tel:911"' in content
    assert "¿Cuándo leerá alguien su solicitud?" in content
    assert "de lunes a viernes, de 9 a. m. a 5 p. m. (hora del Pacífico)" in content


def test_the_spanish_crisis_confirmation_names_the_next_opening_in_spanish(client, spanish_data, monkeypatch):
    from consultations import views

    pacific = zoneinfo.ZoneInfo("America/Los_Angeles")
    monkeypatch.setattr(views, "next_opening", lambda: (datetime.datetime(2026, 11, 30, 9, 0, tzinfo=pacific), False))
    client.post(ES_FORM_URL, {**spanish_data, "message": AT_RISK})
    html = client.get(ES_RECEIVED_URL).content.decode()
    assert "La oficina está cerrada ahora" in html
    assert "lunes 30 de noviembre a las 9:00 a.\xa0m." in html or "lunes 30 de noviembre a las 9:00" in html


def test_yes_to_the_crisis_question_on_the_spanish_form_shows_spanish_help_by_the_question(client, spanish_data):
    data = {**spanish_data, "thoughts_of_suicide": "yes", "email": "malo"}
    html = client.post(ES_FORM_URL, data, follow=True).content.decode()
    assert 'class="crisis-answer-help is-shown"' in html
    assert "Gracias por contárnoslo. No tiene que esperarnos." in html
    assert "Llame al 988 y marque 2" in html and "envíe AYUDA al 988" in html


def test_the_spanish_confirmation_is_shown_once(client, spanish_data):
    client.post(ES_FORM_URL, spanish_data)
    assert client.get(ES_RECEIVED_URL).status_code == 200
    again = client.get(ES_RECEIVED_URL)
    assert again.status_code == 302 and again["Location"] == ES_FORM_URL


def test_past_the_daily_bound_the_429_is_in_spanish_and_keeps_what_was_typed(client, spanish_data, settings):
    settings.CONSULTATION_RATE_LIMIT = 0
    settings.CONSULTATION_OVER_LIMIT_DAILY_LIMIT = 0
    refused = client.post(ES_FORM_URL, spanish_data)
    assert refused.status_code == 303 and refused["Location"] == ES_FORM_URL
    response = client.get(ES_FORM_URL)
    html = response.content.decode()
    assert response.status_code == 429
    assert "Hoy recibimos muchas solicitudes desde esta conexión" in html and "no se perdió nada" in html
    assert 'value="zoe@example.org"' in html
    assert ConsultationRequest.objects.count() == 0


def test_an_expired_anti_forgery_token_brings_the_spanish_form_back_in_spanish(db, spanish_data):
    browser = Client(enforce_csrf_checks=True)
    browser.get(ES_FORM_URL)
    response = browser.post(ES_FORM_URL, {**spanish_data, "csrfmiddlewaretoken": "x" * 64}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [(ES_FORM_URL, 303)]
    assert "Oprima «Enviar mi solicitud» una vez más" in html
    assert 'value="zoe@example.org"' in html and "Tengo depresión desde hace años" in html
    fresh = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert browser.post(ES_FORM_URL, {**spanish_data, "csrfmiddlewaretoken": fresh,
                                      "form_token": form_token()}).status_code == 303
    assert ConsultationRequest.objects.get().language == "es"


def test_a_missing_cookie_on_the_spanish_form_shows_the_answers_in_spanish(db, spanish_data):
    response = Client(enforce_csrf_checks=True).post(ES_FORM_URL, spanish_data)
    html = response.content.decode()
    assert response.status_code == 403
    assert "permita las cookies de este sitio" in html and 'value="zoe@example.org"' in html
