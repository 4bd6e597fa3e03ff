from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    name = "eligibility"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import timeline  # noqa: F401 - registers the case timeline's eligibility entries
