from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HcaPortalConfig(AppConfig):
    name = "hca_portal"
    verbose_name = "Portal: calendar and roles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .auth.middleware import stamp_on_sign_in
        from .roles import sync_role_groups

        post_migrate.connect(sync_role_groups, dispatch_uid="hca_portal.sync_role_groups")
        user_logged_in.connect(stamp_on_sign_in, dispatch_uid="hca_portal.stamp_on_sign_in")
