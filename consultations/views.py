import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import DatabaseError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView

from articles.models import Article

from . import ratelimit
from .business_hours import add_business_hours, next_opening, office_hours_text
from .crisis import assess_answers
from .forms import ConsultationRequestForm, new_form_token, read_form_token
from .models import ConsultationRequest, licensed_states_text
from .services import receive_request

logger = logging.getLogger(__name__)
CONFIRMATION_SESSION_KEY = "consultation_confirmation"


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303


@method_decorator([never_cache, sensitive_post_parameters()], name="dispatch")
class ConsultationRequestView(FormView):
    """The request form. A valid request is stored and the person is sent (303) to a
    confirmation page that shows no personal data; nothing personal goes into a URL."""

    form_class = ConsultationRequestForm
    template_name = "consultations/request_form.html"
    success_url = reverse_lazy("consultations:received")

    def get_initial(self):
        initial = {"form_token": new_form_token()}
        article = self.source_article(self.request.GET.get("article", ""))
        if article:
            initial["source_article"] = article.slug
        return initial

    def source_article(self, slug):
        try:
            validate_slug(slug)
        except ValidationError:
            return None  # empty, or not a slug (e.g. a NUL byte PostgreSQL would refuse)
        return Article.objects.published().filter(slug=slug[:200]).only("pk", "slug", "title").first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        slug = form["source_article"].value() or ""
        context["source_article"] = self.source_article(slug)
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
            # Nothing was stored: say so, keep every answer, and let them send it again.
            logger.error("Database unavailable while receiving a consultation request")
            form = self.get_form()
            form.is_valid()
            context = {"form": form, "view": self, "database_unavailable": True}
            return self.render_to_response(context, status=503, headers={"Retry-After": "60"})

    def form_valid(self, form):
        token, age_seconds = read_form_token(form.cleaned_data.get("form_token", ""))
        existing = ConsultationRequest.objects.filter(submission_token=token).first() if token else None
        if existing:
            return self.confirm(existing)
        request_obj = form.save(commit=False)
        if not ratelimit.allow_request(self.request, urgent=request_obj.check_risk()):
            return self.render_to_response(self.get_context_data(form=form, rate_limited=True), status=429)
        spam_reason = ""
        if form.is_honeypot_filled:
            spam_reason = "hidden field filled in"
        elif token is None:
            spam_reason = "form token missing or altered"
        elif age_seconds < settings.CONSULTATION_MIN_FILL_SECONDS:
            spam_reason = f"sent {age_seconds:.1f}s after the form loaded"
        request_obj, _created = receive_request(
            request_obj,
            submission_token=token,
            spam_reason=spam_reason,
            source_article=self.source_article(form.cleaned_data.get("source_article")),
        )
        return self.confirm(request_obj)

    def confirm(self, request_obj):
        self.request.session[CONFIRMATION_SESSION_KEY] = {
            "reference": request_obj.reference,
            "crisis": request_obj.is_urgent,
            "outside_licensed_states": request_obj.outside_licensed_states,
            "licensed_states_text": licensed_states_text(),
        }
        return HttpResponseSeeOther(self.get_success_url())


@method_decorator(never_cache, name="dispatch")
class ConfirmationView(TemplateView):
    template_name = "consultations/request_received.html"

    def get(self, request, *args, **kwargs):
        confirmation = request.session.get(CONFIRMATION_SESSION_KEY)
        if not confirmation:
            return redirect(reverse("consultations:request"))
        opens_at, open_now = next_opening()
        contact_by = add_business_hours(opens_at, settings.CONSULTATION_URGENT_FIRST_CONTACT_HOURS)
        return self.render_to_response(self.get_context_data(
            confirmation=confirmation, next_read_at=opens_at, office_open_now=open_now, contact_by=contact_by,
            contact_by_today=contact_by.date() == opens_at.date(), office_hours=office_hours_text(),
        ))
