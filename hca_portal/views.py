from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

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
