"""A new site's practice profile: the environment's name, phone and states, and clearly marked
sample places, treatments and clinician, until staff enter the real ones in the admin
(`manage.py check --deploy` warns meanwhile)."""

from django.conf import settings
from django.db import migrations

SAMPLE_CLINICIAN = {
    "name": "Sample Clinician",
    "credentials": "MD (sample profile, not a real person)",
    "bio": "This is a sample profile that a new site starts with. The practice replaces it with its real "
           "clinicians in the admin.",
    "licence_states": "",
    "is_physician": True,
    "is_sample": True,
}


def seed_profile(apps, schema_editor):
    PracticeProfile = apps.get_model("practice", "PracticeProfile")
    Clinician = apps.get_model("practice", "Clinician")
    if PracticeProfile.objects.exists():
        return
    states = ", ".join(settings.PRACTICE_LICENSED_STATES)
    profile = PracticeProfile.objects.create(
        pk=1, name=settings.PRACTICE_NAME, phone=settings.PRACTICE_PHONE,
        email=getattr(settings, "PRACTICE_EMAIL", ""), licensed_states=states, is_sample=True,
        fee_text="Sample text: we tell you the full cost of your plan of care before you start. "
                 "The practice replaces this with its real fees in the admin.",
    )
    profile.locations.create(
        name="Sample office (not a real address)", street="100 Example Street", city="Portland", state="OR",
        postal_code="97201", hours="Monday to Friday, 9 AM to 5 PM",
    )
    for position, (name, description) in enumerate([
        ("In-office ketamine with psychotherapy (sample)", "Ketamine taken as a lozenge or shot, with a therapist."),
        ("Spravato (esketamine) nasal spray (sample)", "An FDA-approved nasal spray, given in the office."),
    ]):
        profile.treatments.create(name=name, description=description, position=position)
    Clinician.objects.create(**{**SAMPLE_CLINICIAN, "licence_states": states})


class Migration(migrations.Migration):
    dependencies = [("practice", "0001_profile")]

    operations = [migrations.RunPython(seed_profile, migrations.RunPython.noop)]
