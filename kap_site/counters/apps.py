from django.apps import AppConfig


class CountersConfig(AppConfig):
    name = "kap_site.counters"
    label = "counters"
    verbose_name = "Event counters"
    default_auto_field = "django.db.models.BigAutoField"
