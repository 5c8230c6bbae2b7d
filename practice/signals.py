"""A change to the profile, a place, a treatment or a clinician changes every public page."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from kap_site.page_cache import bump_content_version

from . import public
from .models import Clinician, Location, PracticeProfile, Treatment


@receiver([post_save, post_delete], sender=PracticeProfile)
@receiver([post_save, post_delete], sender=Location)
@receiver([post_save, post_delete], sender=Treatment)
@receiver([post_save, post_delete], sender=Clinician)
def profile_changed(sender, **kwargs):
    public.forget()
    bump_content_version()
