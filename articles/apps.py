from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Articles and pages"

    def ready(self):
        from . import signals  # noqa: F401  (connects the signal handlers)
