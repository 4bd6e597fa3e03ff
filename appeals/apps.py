from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "appeals"
    verbose_name = "Appeals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_save

        from hca_portal.models import StateHoliday

        from . import signals, timeline  # noqa: F401 - timeline registers the case timeline's appeal entries
        from .notifying import register_notice_types

        register_notice_types()
        pre_save.connect(
            signals.remember_old_holiday_date, sender=StateHoliday, dispatch_uid="appeals.holiday_pre"
        )
        post_save.connect(signals.holiday_changed, sender=StateHoliday, dispatch_uid="appeals.holiday_saved")
        post_delete.connect(
            signals.holiday_changed, sender=StateHoliday, dispatch_uid="appeals.holiday_deleted"
        )
