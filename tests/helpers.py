"""Small helpers shared by the in-process tests and the reliability proofs: form tokens as the
server renders them, a valid request, the values a browser would send for a page's form, the text
a person reads on a page, and expectations gathered through a scenario."""

import html
import json
import re
import uuid
from html.parser import HTMLParser

from django.conf import settings
from django.core import signing

from consultations.forms import new_form_token


def forge_form_token(secret_key, age_seconds=30, token_id=None):
    """A form token exactly as the server would have rendered it `age_seconds` ago."""
    token_id = token_id or uuid.uuid4().hex
    return new_form_token(token_id, age_seconds=age_seconds, key=secret_key), token_id


def read_token_id(form_token):
    """The submission id inside a form token (as 32 hex digits), without checking its signature."""
    try:
        payload = signing.b64_decode(form_token.split(":", 1)[0].encode())
        return uuid.UUID(json.loads(payload)["id"]).hex
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def browser_value(attrs):
    """What a browser sends for a checked box: its value, even an empty one; "on" without one."""
    value = attrs.get("value")
    return "on" if value is None else value


class _FormParser(HTMLParser):
    """The values a browser would send for a page's form (inputs, checked boxes, selected options,
    textareas), as a dict of name -> value, or name -> list for checkboxes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inputs = {}
        self.textareas = {}
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name"):
            if attrs.get("type") == "checkbox":
                if "checked" in attrs:
                    self.inputs.setdefault(attrs["name"], []).append(browser_value(attrs))
            elif attrs.get("type") == "radio":
                if "checked" in attrs:
                    self.inputs[attrs["name"]] = browser_value(attrs)
            else:
                self.inputs[attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            self.textareas[self._textarea] = ""
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.inputs[self._select] = attrs.get("value") or ""

    def handle_data(self, data):
        if self._textarea:
            self.textareas[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def values(self):
        """Everything the form would send, textareas included (without the newline HTML adds)."""
        data = dict(self.inputs)
        for name, text in self.textareas.items():
            data[name] = text.removeprefix("\n")
        return data


def parse_form(page_html):
    parser = _FormParser()
    parser.feed(page_html)
    parser.close()
    return parser


def visible_text(page_html):
    """The page's text as a person reads it: tags removed, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page_html)).split())


class Checks:
    """Expectations gathered through a scenario, so one broken step does not hide the rest."""

    def __init__(self):
        self.items = []

    def check(self, name, ok, detail=""):
        self.items.append((name, bool(ok), detail))
        return bool(ok)

    @property
    def failed(self):
        return [(name, detail) for name, ok, detail in self.items if not ok]

    def summary(self):
        return f"{len(self.items) - len(self.failed)}/{len(self.items)}"

    def assert_all(self):
        assert not self.failed, "expectations not met:\n" + "\n".join(
            f"- {name}" + (f": {detail}" if detail else "") for name, detail in self.failed
        )


def valid_answers(**overrides):
    """A complete, valid consultation request, with a form token rendered 30 seconds ago."""
    data = {
        "full_name": "Robin Park", "preferred_name": "Rob", "email": "robin@example.org", "phone": "",
        "contact_method": "email", "state": "CA", "visit_preference": "either", "help_with": ["anxiety"],
        "message": "I would like to know more.", "best_time": "Mornings", "is_adult": "on", "consented": "on",
        "website": "", "form_token": forge_form_token(settings.SECRET_KEY)[0],
    }
    data.update(overrides)
    return data


def form_answer(client, response, form_url="/consultation/"):
    """What a browser shows after posting the request form. A form that needs fixing (or was
    refused) comes back by post/redirect/get: the 303 to the form is followed, as a browser
    would, and the page it shows (200, or 429 when refused) is returned. A stored request's
    303 to the confirmation is returned as it is."""
    if response.status_code == 303 and response["Location"] == form_url:
        return client.get(form_url)
    return response


def publish_edit(item, **draft):
    """Edit a published article or page the only way the rules allow: change the working copy
    (draft_title, draft_summary, draft_body), have it approved (by the sample clinician) and
    published. Returns the item with its new live text."""
    from practice.models import Clinician

    for name, value in draft.items():
        setattr(item, name, value)
    item.save()
    item.approve_as_seeded(Clinician.objects.sample())
    item.publish()
    item.refresh_from_db()
    return item
