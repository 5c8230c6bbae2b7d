import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import DatabaseError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.datastructures import MultiValueDict
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView

from articles.models import Article
from practice.public import current as current_practice

from . import ratelimit
from .business_hours import add_business_hours, next_opening, office_hours_text
from .crisis import assess_answers
from .forms import ConsultationRequestForm, licensed_states_text, new_form_token, read_form_token
from .models import ConsultationRequest, form_language
from .services import receive_request

logger = logging.getLogger(__name__)
CONFIRMATION_SESSION_KEY = "consultation_confirmation"
# Answers of a form that came back with a problem, kept server-side so the page can be shown
# again by a GET (Back and reload work) without putting anything a person typed in a URL.
DRAFT_SESSION_KEY = "consultation_draft"


class FormProblem:
    ERRORS = "errors"  # some answers need fixing
    RATE_LIMITED = "rate_limited"  # this connection's daily bound is used up
    EXPIRED = "expired"  # the anti-forgery cookie or token could not be checked


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303


def forget_expired_sessions(request):
    """Answers kept for a form someone gave up on must not outlive their session (30 idle
    minutes): expired sessions are deleted whenever the form keeps or stores answers."""
    type(request.session).clear_expired()


def keep_draft(request, form_data, problem):
    """Keep what was sent for the next GET of the form, under a new session key: a session id
    someone planted or saw earlier never leads to these answers."""
    forget_expired_sessions(request)
    answers = {name: form_data.getlist(name)[:50] for name in ConsultationRequestForm.base_fields if name in form_data}
    request.session.cycle_key()
    request.session[DRAFT_SESSION_KEY] = {"answers": answers, "problem": problem}
    return HttpResponseSeeOther(reverse("consultations:request"))


@method_decorator([never_cache, sensitive_post_parameters()], name="dispatch")
class ConsultationRequestView(FormView):
    """The request form. Every answer to a POST is a 303: to a confirmation page that shows no
    personal data when the request is stored, or back to this page, which shows the answers
    kept in the session with what needs fixing. So Back and reload never resend the form, and
    nothing personal goes into a URL."""

    form_class = ConsultationRequestForm
    template_name = "consultations/request_form.html"
    success_url = reverse_lazy("consultations:received")
    problem = None

    def get_initial(self):
        initial = {"form_token": new_form_token()}
        article = self.source_article(self.request.GET.get("article", ""))
        if article:
            initial["source_article"] = article.slug
        return initial

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        draft = self.request.session.get(DRAFT_SESSION_KEY) if self.request.method == "GET" else None
        if draft:
            kwargs["data"] = MultiValueDict(draft["answers"])
            self.problem = draft["problem"]
        return kwargs

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_bound:
            form.is_valid()  # shows what needs fixing; changes nothing
        status = 429 if self.problem == FormProblem.RATE_LIMITED else 200
        return self.render_to_response(self.get_context_data(form=form), status=status)

    def source_article(self, slug):
        try:
            validate_slug(slug)
        except ValidationError:
            return None  # empty, or not a slug (e.g. a NUL byte PostgreSQL would refuse)
        articles = Article.objects.published().in_language()
        return articles.filter(slug=slug[:200]).only("pk", "slug", "language", "title").first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        slug = form["source_article"].value() or ""
        context["source_article"] = self.source_article(slug)
        context["problem"] = self.problem
        context["rate_limited"] = self.problem == FormProblem.RATE_LIMITED
        context["token_expired"] = self.problem == FormProblem.EXPIRED
        # Crisis help shows under the question for "yes", and also when what they wrote shows risk.
        context["show_crisis_answer_help"] = form.is_bound and assess_answers(
            form.data.get("message", ""), form.data.get("best_time", ""), form.data.get("preferred_name", ""),
            form.data.get("thoughts_of_suicide", ""),
        ).at_risk
        return context

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except DatabaseError:
            # Nothing was stored, and the session (in the database too) cannot keep the answers:
            # show them right here, say so, and let them send it again.
            logger.error("Database unavailable while receiving a consultation request")
            form = self.get_form()
            form.is_valid()
            context = {"form": form, "view": self, "database_unavailable": True}
            return self.render_to_response(context, status=503, headers={"Retry-After": "60"})

    def form_invalid(self, form):
        return keep_draft(self.request, self.request.POST, FormProblem.ERRORS)

    def form_valid(self, form):
        token, age_seconds = read_form_token(form.cleaned_data.get("form_token", ""))
        existing = ConsultationRequest.objects.filter(submission_token=token).first() if token else None
        if existing:
            return self.already_received(existing)
        request_obj = form.save(commit=False)
        # The language of the page they sent it from (/es/... is Spanish): their emails use it.
        request_obj.language = form_language(get_language())
        decision = ratelimit.check_request(self.request, urgent=request_obj.check_risk())
        if decision is ratelimit.Decision.REFUSE:
            return keep_draft(self.request, self.request.POST, FormProblem.RATE_LIMITED)
        request_obj.over_rate_limit = decision is ratelimit.Decision.ACCEPT_FLAGGED
        spam_reason = ""
        if form.is_honeypot_filled:
            spam_reason = "hidden field filled in"
        elif token is None:
            spam_reason = "form token missing or altered"
        elif age_seconds < settings.CONSULTATION_MIN_FILL_SECONDS:
            spam_reason = f"sent {age_seconds:.1f}s after the form loaded"
        request_obj, created = receive_request(
            request_obj,
            submission_token=token,
            spam_reason=spam_reason,
            source_article=self.source_article(form.cleaned_data.get("source_article")),
        )
        return self.confirm(request_obj) if created else self.already_received(request_obj)

    def confirm(self, request_obj):
        """The person who sent it sees its reference once, under a new session key (a session
        id planted or seen before the request was sent leads nowhere)."""
        session = self.request.session
        session.pop(DRAFT_SESSION_KEY, None)
        forget_expired_sessions(self.request)
        session.cycle_key()
        session[CONFIRMATION_SESSION_KEY] = {
            "reference": request_obj.reference,
            "crisis": request_obj.is_urgent,
            "outside_licensed_states": request_obj.outside_licensed_states,
            "licensed_states_text": licensed_states_text(current_practice().licensed_states),
        }
        return HttpResponseSeeOther(self.get_success_url())

    def already_received(self, request_obj):
        """The same form sent again (a double click, a resend, a replayed token). Whoever sent
        it may not be the person who wrote it, so nothing about the request is shown."""
        session = self.request.session
        session.pop(DRAFT_SESSION_KEY, None)
        session.cycle_key()
        session[CONFIRMATION_SESSION_KEY] = {"already_received": True}
        return HttpResponseSeeOther(self.get_success_url())


# Django's reasons for a failed cookie or token all start so ("CSRF cookie not set.", "CSRF token
# from POST incorrect."): an expired or blocked cookie, a page open for hours. A failed Origin or
# Referer check means another site sent the form: those answers are never kept.
RECOVERABLE_CSRF_REASON_PREFIX = "CSRF "


def csrf_failure(request, reason=""):
    """The anti-forgery check failed. On the request form, when only the cookie or the token
    let the person down, nothing typed is lost: the form comes back with every answer and a
    fresh token. Anything else gets Django's usual page in our words (403_csrf.html)."""
    recoverable = (
        request.method == "POST"
        and request.path == reverse("consultations:request")
        and reason.startswith(RECOVERABLE_CSRF_REASON_PREFIX)
        and request.headers.get("Sec-Fetch-Site", "same-origin") == "same-origin"
    )
    if not recoverable:
        return render(request, "403_csrf.html", status=403)
    if request.COOKIES:
        # Cookies reach us, so the session can carry the answers to a GET: post/redirect/get.
        return keep_draft(request, request.POST, FormProblem.EXPIRED)
    # No cookie came back at all: a redirect would lose the answers, so show them here.
    view = ConsultationRequestView(request=request, args=(), kwargs={})
    view.problem = FormProblem.EXPIRED
    form = ConsultationRequestForm(data=request.POST)
    form.is_valid()
    context = view.get_context_data(form=form, cookies_missing=True)
    return view.render_to_response(context, status=403, headers={"Cache-Control": "no-store"})


@method_decorator(never_cache, name="dispatch")
class ConfirmationView(TemplateView):
    template_name = "consultations/request_received.html"

    def get(self, request, *args, **kwargs):
        # Shown once: a reload, Back, or the next person on a shared device sees no reference.
        confirmation = request.session.pop(CONFIRMATION_SESSION_KEY, None)
        if not confirmation:
            return redirect(reverse("consultations:request"))
        opens_at, open_now = next_opening()
        contact_by = add_business_hours(opens_at, settings.CONSULTATION_URGENT_FIRST_CONTACT_HOURS)
        return self.render_to_response(self.get_context_data(
            confirmation=confirmation, next_read_at=opens_at, office_open_now=open_now, contact_by=contact_by,
            contact_by_today=contact_by.date() == opens_at.date(), office_hours=office_hours_text(),
        ))
