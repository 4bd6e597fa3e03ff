from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "notices"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import timeline  # noqa: F401 - registers the case timeline's notice entries
