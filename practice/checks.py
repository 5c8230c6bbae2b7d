"""`manage.py check --deploy` warns while the practice profile still holds the sample data a new
site starts with, or while no real clinician is named."""

from django.core.checks import Warning, register
from django.db import DatabaseError


@register(deploy=True)
def practice_profile_is_real(app_configs=None, **kwargs):
    from .models import Clinician, PracticeProfile

    try:
        profile = PracticeProfile.objects.filter(pk=1).first()
        real_clinicians = Clinician.objects.filter(is_sample=False).exists()
        sample_clinicians = list(Clinician.objects.filter(is_sample=True).values_list("name", flat=True))
    except DatabaseError:
        # No database yet (before the first migrate): nothing to judge; migrate makes the profile.
        return []
    warnings = []
    if profile is None or profile.is_sample:
        warnings.append(Warning(
            "The practice profile still holds sample data.",
            hint="Enter the practice's name, phone, email, addresses and hours in the admin "
                 "(Practice profile), then save it.",
            id="practice.W001",
        ))
    if not real_clinicians:
        warnings.append(Warning(
            "No clinician is named in the practice profile.",
            hint="Add your clinicians (name, credentials, licensed states) in the admin (Clinicians).",
            id="practice.W002",
        ))
    if sample_clinicians:
        warnings.append(Warning(
            f"Sample clinicians are still on the site: {', '.join(sample_clinicians)}.",
            hint="Have a clinical reviewer approve the seeded articles and pages again, then delete "
                 "the sample clinicians in the admin.",
            id="practice.W003",
        ))
    return warnings
