import re
import time
import unicodedata
import uuid

import phonenumbers
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout, Submit
from django import forms
from django.core import signing
from django.urls import reverse
from django.utils.formats import get_format, number_format
from django.utils.functional import lazy
from django.utils.html import escape, format_html
from django.utils.text import format_lazy, get_text_list
from django.utils.translation import get_language, gettext, pgettext
from django.utils.translation import gettext_lazy as _

from practice.public import current as current_practice

from .models import US_STATES, ConsultationRequest, form_language

TOKEN_SALT = "consultations.form-token"  # noqa: S105 (a signing namespace, not a secret)
MESSAGE_MAX_LENGTH = 2000
# Characters no one's name needs, and that carry markup, formulas or templates.
NAME_FORBIDDEN = set('<>{}[]\\|=@#$%*+;:"`~^_')

Answer = ConsultationRequest.Answer
PRESCREEN_CHOICES = [
    (Answer.YES, _("Yes")), (Answer.NO, _("No")), (Answer.UNSURE, _("Not sure")), ("", _("Prefer not to say")),
]


def grouped(number):
    """A count as the page's language writes it (2,000 in English, 2 000 in Spanish)."""
    return number_format(number, force_grouping=True)


grouped_lazy = lazy(grouped, str)


def licensed_states_text(codes):
    """The practice's licensed states, named and joined in the page's language."""
    names = dict(US_STATES)
    # Translators: joins the last two US states of a list, e.g. "California, Oregon and Washington".
    return get_text_list([gettext(names.get(code, code)) for code in codes], pgettext("list of states", "and"))


class FlatSelect(forms.Select):
    """A select of flat choices (no groups) written in one template. Django's own includes a
    template per option, which made the 50-state list most of the form's render time."""

    template_name = "consultations/widgets/select.html"


class PageLanguageRadioSelect(forms.RadioSelect):
    """Radio buttons whose answer, when the form sent has none at all (a page loaded before the
    question existed, still open during an update), is the language of the page it was sent from:
    what the person would have found already chosen. An empty answer is still an error."""

    def value_from_datadict(self, data, files, name):
        if name not in data:
            return form_language(get_language())
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return False


def new_form_token(token_id=None, *, age_seconds=0, key=None):
    """A per-render token: its uuid makes a resubmission store nothing new; its time catches bots.

    Tests and the benchmark make the tokens a person's browser would send: a known id, a form
    rendered some seconds ago, signed with the key of the server that will read it."""
    payload = {"id": token_id or uuid.uuid4().hex, "at": time.time() - age_seconds}
    return signing.dumps(payload, key=key, salt=TOKEN_SALT)


def read_form_token(value):
    """Return (uuid, seconds since the form was rendered), or (None, None) if it was tampered with."""
    try:
        data = signing.loads(value, salt=TOKEN_SALT)
        return uuid.UUID(data["id"]), time.time() - float(data["at"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None, None


def remove_control_characters(value, keep_newlines):
    allowed = {"\n", "\t"} if keep_newlines else set()
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        ch if ch in allowed or unicodedata.category(ch)[0] != "C" else " " for ch in value
    )


class CleanTextField(forms.CharField):
    """Text with NUL bytes and other control characters removed before validation."""

    def __init__(self, *, multiline=False, **kwargs):
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = remove_control_characters(value, keep_newlines=self.multiline)
            if not self.multiline:
                value = " ".join(value.split())
        return super().to_python(value)


class NameField(CleanTextField):
    def validate(self, value):
        super().validate(value)
        if not value:
            return
        if not any(unicodedata.category(ch).startswith("L") for ch in value):
            raise forms.ValidationError(_("Please enter a name with at least one letter."), code="no_letters")
        if any(ch in NAME_FORBIDDEN for ch in value):
            raise forms.ValidationError(
                _("Please use letters for your name. Spaces, hyphens, apostrophes and full stops are fine."),
                code="symbols",
            )


class ConsultationRequestForm(forms.ModelForm):
    """The public request form: asks for exactly ConsultationRequest.SUBMITTED_FIELDS, each
    declared here with the wording and cleaning a person needs."""

    full_name = NameField(
        label=_("Full name"), max_length=150,
        help_text=_("As it appears on your ID or insurance, so we can find your records later."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    preferred_name = NameField(
        label=_("What should we call you? (optional)"), max_length=80, required=False,
        help_text=_("The name you like to go by, if it is different."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    email = forms.EmailField(
        label=_("Email"), max_length=254,
        help_text=_("We send one email to confirm we received your request. We never share your address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    contact_method = forms.ChoiceField(
        label=_("How should we contact you?"), choices=ConsultationRequest.ContactMethod.choices,
        widget=forms.RadioSelect, help_text=_("We reach out within one business day."),
    )
    phone = CleanTextField(
        label=_("Phone (needed for a call or text)"), max_length=40, required=False,
        help_text=_("A US number such as 503-555-0142, or an international number that starts with +."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    state = forms.ChoiceField(
        label=_("State where you live"), widget=FlatSelect,
        help_text=_("We can only treat people in the states where our clinicians are licensed."),
    )
    visit_preference = forms.ChoiceField(
        label=_("How would you like to meet?"), choices=ConsultationRequest.VisitPreference.choices,
        widget=forms.RadioSelect,
        help_text=_("Medicine sessions are always in person. Some talks and therapy can be by video."),
    )
    help_with = forms.MultipleChoiceField(
        label=_("What would you like help with?"), choices=ConsultationRequest.HelpWith.choices,
        widget=forms.CheckboxSelectMultiple, help_text=_("Choose all that apply."),
    )
    message = CleanTextField(
        label=_("Anything you would like us to know? (optional)"), multiline=True, required=False,
        max_length=MESSAGE_MAX_LENGTH,
        help_text=format_lazy(
            _("A few lines is plenty, up to {limit} characters. Please do not include detailed medical records; "
              "we will talk about your health on the phone."),
            limit=grouped_lazy(MESSAGE_MAX_LENGTH),
        ),
        error_messages={"max_length": format_lazy(
            # Translators: %(show_value)s is how many characters they typed; {limit} the most allowed.
            _("Your message is %(show_value)s characters long, and this form takes up to {limit}. Please shorten "
              "it a little. Everything you typed is still here, and you can tell us the rest when we talk."),
            limit=grouped_lazy(MESSAGE_MAX_LENGTH),
        )},
        # No maxlength: browsers would cut a paste without a word (and count an emoji as two).
        # static/js/form.js shows a live count, counted as the server counts (characters).
        widget=forms.Textarea(attrs={"rows": 5, "data-max-chars": MESSAGE_MAX_LENGTH,
                                     "aria-describedby": "id_message_helptext id_message_counter"}),
    )
    thoughts_of_suicide = forms.ChoiceField(
        label=_("Are you having thoughts of ending your life?"),
        choices=[(Answer.YES, _("Yes")), (Answer.NO, _("No")), ("", _("I'd rather not say"))], required=False,
        widget=forms.RadioSelect,
        help_text=_("Optional. It is OK to tell us. If you answer yes, we will look at your request first "
                    "and show you where to get help right now. You can still send this form."),
    )
    best_time = CleanTextField(
        label=_("When is a good time to reach you? (optional)"), max_length=200, required=False,
        help_text=_("For example: weekday mornings, or after 5 pm."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Which language should we use when we contact you?"),
        choices=ConsultationRequest.Language.choices, widget=PageLanguageRadioSelect,
        help_text=_("We will call, text or email you in this language."),
    )
    heard_about = forms.ChoiceField(
        label=_("How did you hear about us? (optional)"), required=False,
        choices=[("", _("Choose one")), *ConsultationRequest.HeardAbout.choices], widget=FlatSelect,
    )
    pregnancy = forms.ChoiceField(label=_("Are you pregnant, or could you be?"), choices=PRESCREEN_CHOICES,
                                  required=False, widget=forms.RadioSelect)
    psychosis_or_mania = forms.ChoiceField(
        label=_("Have you ever had psychosis (losing touch with reality) or mania?"), choices=PRESCREEN_CHOICES,
        required=False, widget=forms.RadioSelect,
    )
    heart_condition = forms.ChoiceField(label=_("Do you have high blood pressure or heart disease?"),
                                        choices=PRESCREEN_CHOICES, required=False, widget=forms.RadioSelect)
    substance_use_concern = forms.ChoiceField(
        label=_("Are you worried about your alcohol or drug use right now?"), choices=PRESCREEN_CHOICES,
        required=False, widget=forms.RadioSelect,
    )
    prior_ketamine = forms.ChoiceField(label=_("Have you had ketamine treatment before?"),
                                       choices=PRESCREEN_CHOICES, required=False, widget=forms.RadioSelect)
    is_adult = forms.BooleanField(label=_("I am 18 or older."), error_messages={
        "required": _("Please confirm you are 18 or older. We can only see adults.")})
    consented = forms.BooleanField(error_messages={
        "required": _("Please agree so we can contact you about your request.")})
    # Hidden from people; bots fill it in.
    website = forms.CharField(required=False, label=_("Leave this empty"),
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    source_article = forms.SlugField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ConsultationRequest
        fields = ConsultationRequest.SUBMITTED_FIELDS

    REQUIRED_MESSAGES = {
        "full_name": _("Please enter your full name."),
        "email": _("Please enter your email address, like name@example.com."),
        "contact_method": _("Please choose how we should contact you."),
        "preferred_language": _("Please choose the language we should use when we contact you."),
        "state": _("Please choose the state where you live."),
        "visit_preference": _("Please choose how you would like to meet."),
        "help_with": _("Please choose at least one thing you would like help with."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in self.REQUIRED_MESSAGES.items():
            self.fields[name].error_messages["required"] = message
        for field in self.fields.values():
            # A browser's maxlength cuts a paste silently; the server says kindly what is too long.
            field.widget.attrs.pop("maxlength", None)
            field.error_messages.setdefault("max_length", _(
                "This is %(show_value)s characters long. Please shorten it to %(limit_value)s or fewer. "
                "Everything you typed is still here."
            ))
        self.fields["email"].error_messages["invalid"] = _(
            "That email address does not look complete. Please check it, like name@example.com."
        )
        # The names in the page's language (models.US_STATES marks them for the catalog).
        self.fields["state"].choices = [("", _("Choose your state")), *((code, _(name)) for code, name in US_STATES)]
        # Unless they choose otherwise, we contact them in the language of the page they are reading.
        self.fields["preferred_language"].initial = form_language(get_language())
        practice = current_practice()
        if practice.licensed_states:
            self.fields["state"].help_text = gettext(
                "Our clinicians are licensed in %(states)s. If you live elsewhere, send your request anyway: "
                "we will tell you honestly if we can help, and where else to look."
            ) % {"states": licensed_states_text(practice.licensed_states)}
        self.fields["consented"].label = format_html(
            gettext('I agree that the practice may contact me about this request, and I have read the '
                    '<a href="{}">privacy notice</a>.'), reverse("page", kwargs={"slug": "privacy"})
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(gettext("About you"), "full_name", "preferred_name"),
            Fieldset(gettext("How to reach you"), "email", "contact_method", "phone", "best_time",
                     "preferred_language"),
            Fieldset(
                gettext("What you are looking for"), "state", "visit_preference", "help_with", "message",
                HTML('{% include "consultations/includes/message_counter.html" %}'),
                Div("thoughts_of_suicide", css_class="crisis-question"),
                HTML('{% include "consultations/includes/crisis_answer_help.html" %}'),
                "heard_about",
            ),
            Fieldset(
                gettext("Optional: a few health questions"),
                HTML('<p class="form-text">{}</p>'.format(escape(gettext(
                    "These help us prepare for our first talk. They never rule you out, and you can skip any of them."
                )))),
                *ConsultationRequest.PRESCREEN_FLAGS,
                css_class="prescreen",
            ),
            Fieldset(gettext("Before you send"), "is_adult", "consented"),
            Div(Field("website"), css_class="hp-field", aria_hidden="true"),
            "form_token",
            "source_article",
            Submit("submit", gettext("Send my request"), css_class="button"),
        )

    def full_clean(self):
        super().full_clean()
        # Point each field with an error at its message, so screen readers read it with the field.
        for name in self.errors:
            if name in self.fields:
                described_by = [f"id_{name}_error"]
                if self.fields[name].help_text:
                    described_by.append(f"id_{name}_helptext")
                if name == "message":
                    described_by.append("id_message_counter")
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(described_by)

    MESSAGE_MAX_LENGTH = MESSAGE_MAX_LENGTH

    @property
    def message_length(self):
        """The message's length as the server counts it (characters, after tidying)."""
        if not self.is_bound:
            return 0
        try:
            return len(self.fields["message"].to_python(self.data.get("message", "")) or "")
        except forms.ValidationError:
            return 0

    @property
    def thousand_separator(self):
        """The page's language's, for static/js/form.js to write the count as grouped() does."""
        return get_format("THOUSAND_SEPARATOR")

    @property
    def message_counter_text(self):
        """The words static/js/form.js also writes, so the count reads the same with or without script."""
        used, limit = self.message_length, MESSAGE_MAX_LENGTH
        if used > limit:
            return gettext("{used} characters: {over} over the limit of {limit}").format(
                used=grouped(used), over=grouped(used - limit), limit=grouped(limit))
        return gettext("{used} of {limit} characters used").format(used=grouped(used), limit=grouped(limit))

    def clean_phone(self):
        raw = self.cleaned_data["phone"]
        if not raw:
            return ""
        try:
            number = phonenumbers.parse(raw, "US")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise forms.ValidationError(
                _("We could not read that phone number. Please check it, for example 503-555-0142."),
                code="invalid_phone",
            )
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("contact_method")
        if method in ("phone", "text") and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error(
                "phone",
                forms.ValidationError(
                    _("Please add a phone number so we can call or text you, or choose email instead."),
                    code="phone_needed",
                ),
            )
        return cleaned

    @property
    def is_honeypot_filled(self):
        return bool(self.data.get("website", "").strip())

    def error_summary(self):
        """(field id, label, message) for the summary at the top of the form."""
        items = []
        order = {name: position for position, name in enumerate(self.fields)}
        for name, errors in sorted(self.errors.items(), key=lambda item: order.get(item[0], -1)):
            field = self.fields.get(name)
            label = re.sub(r"<[^>]+>", "", str(field.label)) if field else gettext("Form")
            in_group = field and isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
            anchor = f"id_{name}_0" if in_group else f"id_{name}"
            # Translators: the ending of the optional questions' labels, e.g. "How did you hear about us? (optional)".
            label = label.replace(gettext(" (optional)"), "").rstrip(".?").lstrip("¿")
            items.append((anchor, label, errors[0]))
        return items

