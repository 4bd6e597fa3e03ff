from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    name = "eligibility"
    default_auto_field = "django.db.models.BigAutoField"
