"""Emails about a request sent in Spanish: the person's acknowledgement is written in the language
of the form they used (whatever the worker's own language), its date in Spanish; staff emails
stay in English and still carry nothing personal."""

import datetime

import pytest
from django.conf import settings
from django.utils import translation

from consultations.models import ConsultationRequest

from .conftest import FORM_URL, make_request
from .test_spanish_form import AT_RISK, ES_FORM_URL


@pytest.fixture
def spanish_data(valid_data):
    return {**valid_data, "message": "Tengo depresión desde hace años.", "preferred_language": "es"}


def acknowledgement(mailoutbox, address="zoe@example.org"):
    return next(m for m in mailoutbox if m.to == [address])


def run_worker_in(language, run_queued_jobs):
    """The worker runs in its own language (English by default), never the page's."""
    with translation.override(language):
        run_queued_jobs()


def test_the_acknowledgement_of_a_spanish_request_is_in_spanish(client, spanish_data, mailoutbox,
                                                                 run_queued_jobs):
    client.post(ES_FORM_URL, spanish_data)
    request = ConsultationRequest.objects.get()
    ConsultationRequest.objects.filter(pk=request.pk).update(
        received_at=datetime.datetime(2026, 11, 27, 17, 5, tzinfo=datetime.UTC))  # 9:05 in Portland
    run_worker_in("en", run_queued_jobs)
    ack = acknowledgement(mailoutbox)
    assert ack.subject == f"Recibimos su mensaje ({request.reference})"
    assert ack.from_email == f"Citas <{settings.DEFAULT_FROM_EMAIL}>"
    assert ack.body.startswith("Hola:\n\nGracias por su mensaje. Lo hemos recibido.")
    assert "Lo recibimos el 27 de noviembre de 2026 a las 09:05" in ack.body
    assert f"Su número de referencia es {request.reference}." in ack.body
    assert "llame al 988 y marque 2" in ack.body and "envíe AYUDA al 988" in ack.body and "911" in ack.body
    assert "Si usted no envió este mensaje, puede ignorar este correo." in ack.body
    for english in ["Thank you", "Your reference", "Hello", "received"]:
        assert english not in ack.body
    # As neutral as the English one: no treatment, no health detail, no name.
    for word in ["ketamina", "terapia", "tratamiento", "consulta", "depresión", "Zoë"]:
        assert word not in ack.subject.lower() and word not in ack.body.lower()


def test_the_acknowledgement_of_an_english_request_stays_english_whatever_the_workers_language(
        client, valid_data, mailoutbox, run_queued_jobs):
    client.post(FORM_URL, {**valid_data, "preferred_language": "es"})
    run_worker_in("es", run_queued_jobs)
    ack = acknowledgement(mailoutbox)
    request = ConsultationRequest.objects.get()
    assert ack.subject == f"{settings.CONSULTATION_ACKNOWLEDGEMENT_SUBJECT} ({request.reference})"
    assert ack.body.startswith("Hello,\n\nThank you for your message.")
    assert "We received it on " in ack.body


def test_a_practices_own_subject_is_sent_as_written(client, spanish_data, mailoutbox, run_queued_jobs, settings):
    settings.CONSULTATION_ACKNOWLEDGEMENT_SUBJECT = "Mensaje recibido / Message received"
    client.post(ES_FORM_URL, spanish_data)
    run_queued_jobs()
    assert acknowledgement(mailoutbox).subject.startswith("Mensaje recibido / Message received (")


@pytest.mark.parametrize("worker_language", ["en", "es"])
def test_staff_emails_about_a_spanish_request_are_english_and_hold_nothing_personal(
        client, spanish_data, mailoutbox, run_queued_jobs, worker_language):
    client.post(ES_FORM_URL, {**spanish_data, "message": AT_RISK})
    run_worker_in(worker_language, run_queued_jobs)
    request = ConsultationRequest.objects.get()
    staff = [m for m in mailoutbox if m.to != ["zoe@example.org"]]
    assert {m.subject.split(" ")[0] for m in staff} == {"New", "URGENT"}
    for message in staff:
        text = message.subject + message.body
        assert request.reference in text and "For privacy, this email carries no personal" in message.body
        for personal in ["Zoë", "zoe@example.org", "0142", "vivir", "vida", "depresión", "Spanish", "Español"]:
            assert personal not in text


def test_a_reply_from_staff_is_rendered_in_the_persons_language(db, mailoutbox, run_queued_jobs, django_user_model):
    from consultations.models import ReplyTemplate
    from consultations.notices import queue_reply

    request = make_request(language="es", preferred_language="es")
    template = ReplyTemplate.objects.create(name="Saludo", subject="Hola {name}", body="Referencia: {reference}")
    queue_reply(request, template, by=django_user_model.objects.create_user("sam"))
    run_worker_in("en", run_queued_jobs)
    reply = next(m for m in mailoutbox if m.subject.startswith("Hola"))
    assert reply.body == f"Referencia: {request.reference}"
