from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.templatetags.static import static

from . import roles

# Each role's workspace, by URL name (hca_portal imports no app; its URL configuration aside).
ROLE_HOMES = {
    roles.CASEWORKER: "workspaces:caseworker",
    roles.SUPERVISOR: "workspaces:supervisor",
    roles.APPEALS_OFFICER: "workspaces:officer",
    roles.BUREAU_REVIEWER: "workspaces:bureau",
    roles.PROGRAM_ADMIN: "workspaces:program",
    roles.REPRESENTATIVE: "workspaces:representative",
    roles.APPLICANT: "workspaces:applicant",
}


@login_required
def home(request):
    """Send each role to its workspace; a user without a role gets a page that says so."""
    name = ROLE_HOMES.get(roles.role_of(request.user))
    if name is not None:
        return redirect(name)
    return render(request, "home.html")


def favicon(request):
    """Browsers ask for /favicon.ico on every page: send them to USWDS's icon in the static files."""
    return redirect(static("uswds/img/favicons/favicon.ico"), permanent=True)
