"""Staff roles (PRODUCT P1) as Django groups, and the permissions each holds.

Representatives and applicants are external users: their access is decided per
case (eligibility.access), never by group permissions. Permissions are named
by "app_label.codename" strings so this module imports no app.
"""

CASEWORKER = "Caseworker"
SUPERVISOR = "Vendor supervisor"
APPEALS_OFFICER = "Appeals officer"
BUREAU_REVIEWER = "Bureau reviewer"
PROGRAM_ADMIN = "Program administrator"
REPRESENTATIVE = "Representative"
APPLICANT = "Applicant"

STAFF_ROLES = (CASEWORKER, SUPERVISOR, APPEALS_OFFICER, BUREAU_REVIEWER, PROGRAM_ADMIN)
EXTERNAL_ROLES = (REPRESENTATIVE, APPLICANT)

_CASEWORK = [
    "eligibility.view_application",
    "eligibility.add_application",
    "eligibility.change_application",
    "eligibility.decide_application",
    "eligibility.view_member",
    "eligibility.add_evidencedocument",
    "eligibility.view_evidencedocument",
    "eligibility.view_enrollment",
    "eligibility.view_representation",
    "eligibility.add_representation",
    "eligibility.view_guidance",
    "notices.view_notice",
    "appeals.view_appeal",
    "appeals.add_appeal",
    "appeals.log_appeal",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    CASEWORKER: _CASEWORK,
    SUPERVISOR: _CASEWORK
    + [
        "eligibility.assign_application",
        "eligibility.view_team_timeliness",
        "eligibility.view_reports",
        "appeals.assign_appeal",
        "notices.download_mail_batch",
    ],
    APPEALS_OFFICER: [
        "eligibility.view_application",
        "eligibility.view_member",
        "eligibility.view_evidencedocument",
        "eligibility.view_guidance",
        "notices.view_notice",
        "appeals.view_appeal",
        "appeals.decide_first_level_appeal",
    ],
    BUREAU_REVIEWER: [
        "eligibility.view_application",
        "eligibility.view_member",
        "eligibility.view_evidencedocument",
        "eligibility.view_enrollment",
        "eligibility.view_guidance",
        "notices.view_notice",
        "appeals.view_appeal",
        "appeals.decide_final_appeal",
    ],
    PROGRAM_ADMIN: [
        "eligibility.view_application",
        "eligibility.view_reports",
        "eligibility.view_enrollment",
        "eligibility.view_planyear",
        "eligibility.add_planyear",
        "eligibility.change_planyear",
        "eligibility.view_guidance",
        "eligibility.add_guidance",
        "eligibility.change_guidance",
        "eligibility.view_slidingscaleband",
        "eligibility.add_slidingscaleband",
        "eligibility.change_slidingscaleband",
        "eligibility.delete_slidingscaleband",
        "eligibility.view_outofpockettier",
        "eligibility.add_outofpockettier",
        "eligibility.change_outofpockettier",
        "eligibility.delete_outofpockettier",
        "eligibility.view_eligibleplan",
        "eligibility.add_eligibleplan",
        "eligibility.change_eligibleplan",
        "eligibility.delete_eligibleplan",
        "eligibility.view_changekind",
        "eligibility.add_changekind",
        "eligibility.change_changekind",
        "hca_portal.view_stateholiday",
        "hca_portal.add_stateholiday",
        "hca_portal.change_stateholiday",
        "hca_portal.delete_stateholiday",
        "notices.view_tagline",
        "notices.add_tagline",
        "notices.change_tagline",
        "notices.view_notice",
        "eligibility.view_caseaccesslog",
        # Sign-in security in the admin: failed attempts and lockouts (deleting one unlocks),
        # and API tokens (revoked by an action, never seen in clear).
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accessfailurelog",
        "axes.view_accesslog",
        "hca_portal.view_apitoken",
        "hca_portal.change_apitoken",
    ],
    REPRESENTATIVE: [],
    APPLICANT: [],
}


def sync_role_groups(sender=None, **kwargs) -> None:
    """Create every role group and give it exactly its permissions (post_migrate; idempotent)."""
    from django.contrib.auth.models import Group, Permission

    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.set(wanted)


def role_of(user) -> str | None:
    """The user's role name (their first role group), or None."""
    if not user.is_authenticated:
        return None
    names = {g.name for g in user.groups.all()}
    for role in STAFF_ROLES + EXTERNAL_ROLES:
        if role in names:
            return role
    return None
