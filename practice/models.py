"""The practice profile staff edit in the admin. Environment variables only seed it (see
migration 0002): a new site starts with clearly marked sample data, and `manage.py check
--deploy` warns until staff replace it (practice/checks.py)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language

from .states import STATE_NAMES, parse_states, state_names


class PracticeProfile(models.Model):
    """The one profile of the practice (a single row, pk 1)."""

    name = models.CharField(max_length=120)
    phone = models.CharField(max_length=40, blank=True, help_text="As patients should dial it, e.g. (503) 555-0100.")
    email = models.EmailField(blank=True, help_text="A general address for questions. Never a personal inbox.")
    licensed_states = models.CharField(
        max_length=200, blank=True,
        help_text="Two-letter codes of the states where the practice's clinicians are licensed, e.g. CA, OR, WA.",
    )
    fee_text = models.TextField(
        "what it costs", blank=True,
        help_text="Plain words on fees, e.g. ranges per session and what insurance may cover.",
    )
    fee_text_es = models.TextField(
        "what it costs, in Spanish", blank=True,
        help_text="Shown on the Spanish pages; empty: they show the English text.",
    )
    is_sample = models.BooleanField(
        "sample data", default=False,
        help_text="Ticked on a new site: the details are examples. Saving the profile here clears it.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "practice profile"
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="practice_profile_is_single")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    def clean(self):
        unknown = [code for code in parse_states(self.licensed_states) if code not in STATE_NAMES]
        if unknown:
            raise ValidationError({"licensed_states": f"Not a US state code: {', '.join(unknown)}."})

    @classmethod
    def load(cls):
        """The profile; made from the environment (as sample data) if it does not exist yet."""
        profile = cls.objects.filter(pk=1).first()
        if profile is None:
            profile = cls.objects.create(**seed_values())
        return profile

    @property
    def licensed_state_codes(self):
        return parse_states(self.licensed_states)


def seed_values():
    """The profile a new site starts with: the environment's values, marked as sample data."""
    return {
        "name": settings.PRACTICE_NAME,
        "phone": settings.PRACTICE_PHONE,
        "email": getattr(settings, "PRACTICE_EMAIL", ""),
        "licensed_states": ", ".join(settings.PRACTICE_LICENSED_STATES),
        "fee_text": "Sample text: we tell you the full cost of your plan of care before you start.",
        "fee_text_es": "Texto de ejemplo: le decimos el costo total de su plan de atención antes de empezar.",
        "is_sample": True,
    }


class Location(models.Model):
    profile = models.ForeignKey(PracticeProfile, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(max_length=120, help_text="e.g. Main office.")
    name_es = models.CharField("name in Spanish", max_length=120, blank=True, help_text="e.g. Consultorio principal.")
    street = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2, help_text="Two-letter code, e.g. OR.")
    postal_code = models.CharField(max_length=10)
    hours = models.TextField(blank=True, help_text="One line each, e.g. Monday to Friday, 9 AM to 5 PM.")
    hours_es = models.TextField(
        "hours in Spanish", blank=True, help_text="One line each, e.g. De lunes a viernes, de 9 a. m. a 5 p. m.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.name

    def clean(self):
        self.state = self.state.upper()
        if self.state not in STATE_NAMES:
            raise ValidationError({"state": "Use a two-letter US state code, e.g. OR."})

    @property
    def hours_lines(self):
        return _lines(self.hours)

    @property
    def hours_lines_es(self):
        return _lines(self.hours_es)


def _lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


class Treatment(models.Model):
    profile = models.ForeignKey(PracticeProfile, on_delete=models.CASCADE, related_name="treatments")
    name = models.CharField(max_length=120, help_text="e.g. In-office sublingual ketamine, Spravato (esketamine).")
    description = models.CharField(max_length=300, blank=True)
    name_es = models.CharField("name in Spanish", max_length=120, blank=True)
    description_es = models.CharField("description in Spanish", max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


SAMPLE_CLINICIAN = {
    "name": "Sample Clinician",
    "credentials": "MD (sample profile, not a real person)",
    "credentials_es": "MD (perfil de ejemplo, no es una persona real)",
    "bio": "This is a sample profile that a new site starts with. The practice replaces it with its real "
           "clinicians in the admin.",
    "bio_es": "Este es un perfil de ejemplo con el que empieza un sitio nuevo. La consulta lo cambia por sus "
              "profesionales reales en la administración.",
    "is_physician": True,
    "is_sample": True,
}


class ClinicianQuerySet(models.QuerySet):
    def sample(self):
        """The sample clinician who "approved" the starting library of a new site."""
        return self.filter(is_sample=True).first() or self.create(**SAMPLE_CLINICIAN)


class Clinician(models.Model):
    """A clinician's public profile. A clinical reviewer's approvals show this name and these
    credentials on the articles and pages they approved."""

    name = models.CharField(max_length=120, help_text="Full name as the public should see it.")
    credentials = models.CharField(max_length=120, help_text="e.g. MD, board-certified psychiatrist.")
    credentials_es = models.CharField(
        "credentials in Spanish", max_length=120, blank=True,
        help_text="Shown on the Spanish pages, e.g. MD, psiquiatra certificada. Empty: the English ones.",
    )
    licence_states = models.CharField(
        "licensed in", max_length=200, blank=True, help_text="Two-letter state codes, e.g. OR, WA."
    )
    bio = models.TextField(blank=True, help_text="Two or three plain sentences.")
    bio_es = models.TextField(
        "bio in Spanish", blank=True, help_text="Shown on the Spanish pages; empty: they show the English bio.",
    )
    photo = models.ImageField(upload_to="practice/clinicians/", blank=True)
    photo_alt = models.CharField(
        "photo alt text", max_length=250, blank=True,
        help_text="What the photo shows, for people who cannot see it. Required with a photo.",
    )
    photo_alt_es = models.CharField("photo alt text in Spanish", max_length=250, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="clinician",
        help_text="The staff login of this clinician. A clinical reviewer needs one to approve content.",
    )
    is_physician = models.BooleanField(
        default=True, help_text="A physician (MD or DO). Others are listed as medical staff in search data.",
    )
    listed = models.BooleanField("shown on About", default=True)
    is_sample = models.BooleanField(
        "sample data", default=False, help_text="An example clinician on a new site. Replace before going live.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects = ClinicianQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.display_name

    def clean(self):
        errors = {}
        if self.photo and not self.photo_alt.strip():
            errors["photo_alt"] = "Describe the photo for people who cannot see it."
        unknown = [code for code in parse_states(self.licence_states) if code not in STATE_NAMES]
        if unknown:
            errors["licence_states"] = f"Not a US state code: {', '.join(unknown)}."
        if errors:
            raise ValidationError(errors)

    @property
    def display_name(self):
        """Name and credentials, the credentials in the language of the page being shown."""
        return self.display_name_in(get_language() or "en")

    def display_name_in(self, language):
        spanish = language.startswith("es") and self.credentials_es
        return ", ".join(filter(None, [self.name, self.credentials_es if spanish else self.credentials]))

    @property
    def licence_state_codes(self):
        return parse_states(self.licence_states)

    def structured_data(self):
        from .public import clinician_structured_data

        return clinician_structured_data(
            self.name, self.credentials, self.is_physician, state_names(self.licence_state_codes)
        )
