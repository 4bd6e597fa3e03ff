from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "workspaces"
    verbose_name = "Role workspaces and reports"
    default_auto_field = "django.db.models.BigAutoField"
