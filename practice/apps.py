from django.apps import AppConfig


class PracticeConfig(AppConfig):
    """Who and where the practice is: its profile, places, treatments and clinicians."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "practice"
    verbose_name = "Practice profile"

    def ready(self):
        from . import checks, signals  # noqa: F401  (registers the deploy check and the signal handlers)
