from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HcaPortalConfig(AppConfig):
    name = "hca_portal"
    verbose_name = "Portal: calendar and roles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .roles import sync_role_groups

        post_migrate.connect(sync_role_groups, dispatch_uid="hca_portal.sync_role_groups")
