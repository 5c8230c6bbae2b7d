from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Articles and pages"

    def ready(self):
        from kap_site.page_cache import register_next_change

        from . import signals  # noqa: F401  (connects the signal handlers)
        from .models import Article

        # A scheduled article's publish time makes cached lists and pages stale by itself.
        register_next_change(Article.objects.next_publish_time)
