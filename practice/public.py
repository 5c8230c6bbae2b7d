"""What public pages show of the practice profile, kept in each process's memory.

Every page's footer and contact lines need the profile, so a page view must not query for it:
the snapshot is built once and rebuilt after a change. With the page cache on, the key is the
shared content version (which the cache middleware has already read for this request, and
which a profile change bumps, see signals.py), so every server process sees a change. With it
off (development, tests), a change in this process marks the snapshot stale.
"""

import threading
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db import DatabaseError
from django.utils.translation import gettext

from kap_site import page_cache

from .states import state_names

_lock = threading.Lock()
_cached = {"key": None, "snapshot": None, "generation": 0}


@dataclass
class PracticeSnapshot:
    name: str
    phone: str = ""
    email: str = ""
    licensed_states: list = field(default_factory=list)
    fee_text: str = ""
    is_sample: bool = False
    locations: list = field(default_factory=list)
    treatments: list = field(default_factory=list)
    clinicians: list = field(default_factory=list)
    # The staff-written texts in Spanish (empty where not given); see in_language.
    fee_text_es: str = ""
    # The language of fee_text as shown ("en" on a Spanish page without a Spanish text), for lang=.
    fee_text_lang: str = ""
    _translated: dict = field(default_factory=dict, repr=False, compare=False)

    def in_language(self, language):
        """This snapshot as a page in `language` shows it: each staff-written text in that language
        where staff gave one, else the English one with its `..._lang` set to "en" (so the page
        marks it for screen readers). Kept per language, so a page view builds nothing."""
        if language != "es":
            return self
        translated = self._translated.get(language)
        if translated is None:
            translated = replace(
                self,
                fee_text=self.fee_text_es or self.fee_text,
                fee_text_lang="" if self.fee_text_es or not self.fee_text else "en",
                locations=[
                    {**loc, "hours": loc["hours_es"] or loc["hours"],
                     "hours_lang": "" if loc["hours_es"] or not loc["hours"] else "en",
                     "name": loc["name_es"] or loc["name"], "name_lang": "" if loc["name_es"] else "en"}
                    for loc in self.locations
                ],
                treatments=[
                    {**t, "name": t["name_es"] or t["name"], "description": t["description_es"] or t["description"],
                     "lang": "" if t["name_es"] else "en"}
                    for t in self.treatments
                ],
                clinicians=[
                    {**c, "bio": c["bio_es"] or c["bio"], "bio_lang": "" if c["bio_es"] or not c["bio"] else "en",
                     "display_name": c["display_name_es"], "display_name_lang": "" if c["credentials_es"] else "en",
                     "photo_alt": c["photo_alt_es"] or c["photo_alt"],
                     "photo_alt_lang": "" if c["photo_alt_es"] or not c["photo_alt"] else "en"}
                    for c in self.clinicians
                ],
                _translated={},
            )
            self._translated[language] = translated
        return translated

    @property
    def phone_link(self):
        return "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")

    @property
    def licensed_states_text(self):
        names = [str(name) for name in state_names(self.licensed_states)]
        if len(names) < 2:
            return "".join(names)
        # Translators: the end of a list of US states, e.g. "Oregon, Washington and California".
        return gettext("%(states)s and %(last)s") % {"states": ", ".join(names[:-1]), "last": names[-1]}

    def structured_data(self, site_url):
        """schema.org MedicalClinic, with its physicians, for the About page."""
        clinic = {
            "@context": "https://schema.org",
            "@type": "MedicalClinic",
            "name": self.name,
            "url": site_url + "/",
            "medicalSpecialty": "Psychiatric",
            "availableService": [
                {"@type": "MedicalTherapy", "name": t["name"], "description": t["description"]}
                if t["description"] else {"@type": "MedicalTherapy", "name": t["name"]}
                for t in self.treatments
            ],
            "areaServed": [{"@type": "State", "name": name} for name in state_names(self.licensed_states)],
        }
        if self.phone:
            clinic["telephone"] = self.phone
        if self.email:
            clinic["email"] = self.email
        if self.locations:
            clinic["address"] = [
                {"@type": "PostalAddress", "streetAddress": loc["street"], "addressLocality": loc["city"],
                 "addressRegion": loc["state"], "postalCode": loc["postal_code"], "addressCountry": "US"}
                for loc in self.locations
            ]
            hours = [line for loc in self.locations for line in loc["hours"]]
            if hours:
                clinic["openingHours"] = hours
        if self.clinicians:
            clinic["employee"] = [
                clinician_structured_data(c["name"], c["credentials"], c["is_physician"], c["licence_state_names"])
                for c in self.clinicians
            ]
        return clinic


def clinician_structured_data(name, credentials, is_physician, state_names_list):
    """A clinician as schema.org Physician (or Person, for clinicians who are not physicians)."""
    person = {"@type": "Physician" if is_physician else "Person", "name": name}
    if credentials:
        person["honorificSuffix"] = credentials
    if is_physician and state_names_list:
        person["areaServed"] = [{"@type": "State", "name": state} for state in state_names_list]
    return person


def _build():
    from .models import PracticeProfile

    profile = PracticeProfile.load()
    return PracticeSnapshot(
        name=profile.name,
        phone=profile.phone,
        email=profile.email,
        licensed_states=profile.licensed_state_codes,
        fee_text=profile.fee_text,
        fee_text_es=profile.fee_text_es,
        is_sample=profile.is_sample,
        locations=[
            {"name": loc.name, "name_es": loc.name_es, "street": loc.street, "city": loc.city, "state": loc.state,
             "postal_code": loc.postal_code, "hours": loc.hours_lines, "hours_es": loc.hours_lines_es}
            for loc in profile.locations.all()
        ],
        treatments=[
            {"name": t.name, "description": t.description, "name_es": t.name_es, "description_es": t.description_es}
            for t in profile.treatments.all()
        ],
        clinicians=[
            {"name": c.name, "credentials": c.credentials, "credentials_es": c.credentials_es,
             "display_name": c.display_name_in("en"), "display_name_es": c.display_name_in("es"), "bio": c.bio,
             "licence_states": c.licence_state_codes, "licence_state_names": state_names(c.licence_state_codes),
             "bio_es": c.bio_es, "photo_url": c.photo.url if c.photo else "", "photo_alt": c.photo_alt,
             "photo_alt_es": c.photo_alt_es,
             "is_physician": c.is_physician, "is_sample": c.is_sample}
            for c in profile_clinicians()
        ],
    )


def profile_clinicians():
    from .models import Clinician

    return Clinician.objects.filter(listed=True)


def _fallback():
    """Without a database (a 503 page, say): the environment's values."""
    return PracticeSnapshot(name=settings.PRACTICE_NAME, phone=settings.PRACTICE_PHONE,
                            licensed_states=list(settings.PRACTICE_LICENSED_STATES))


def current():
    """The practice as public pages show it."""
    try:
        key = page_cache.content_version() if settings.PAGE_CACHE_SECONDS else None
    except DatabaseError:
        return _cached["snapshot"] or _fallback()
    except page_cache.SharedCacheUnavailable:
        # Without the shared version nobody can say whether another server changed the
        # profile: read it afresh (as pages are served uncached meanwhile).
        try:
            return _build()
        except DatabaseError:
            return _cached["snapshot"] or _fallback()
    with _lock:
        key = (key, _cached["generation"])
        if _cached["key"] == key and _cached["snapshot"] is not None:
            return _cached["snapshot"]
    try:
        snapshot = _build()
    except DatabaseError:
        return _cached["snapshot"] or _fallback()
    with _lock:
        _cached.update(key=key, snapshot=snapshot)
    return snapshot


def forget():
    """The profile changed in this process: rebuild the snapshot on next use."""
    with _lock:
        _cached["generation"] += 1
        _cached["snapshot"] = None

