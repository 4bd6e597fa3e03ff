"""Who the applicant reaches, and where appeals go: printed on every notice (PRODUCT P5).

Constants in code rather than settings or an admin-edited model: the text is
part of every notice's legal content, it changes rarely, and a change should go
through review like the rest of the notice wording. Each notice's snapshot keeps
the values it was issued with.

PLACEHOLDERS: the 555-01xx numbers are fictional (NANP reserved) and must be
replaced with the vendor's and the bureau's real numbers before go-live.
"""

from django.utils.translation import gettext_lazy as _

RULE_CITED = "8.401.2.12 NMAC"

CUSTOMER_SERVICE = {
    "name": _("DACA Coverage Program customer service"),
    "phone": "1-800-555-0100",
    "tty": "711",
    "hours": _("Monday to Friday, 8 a.m. to 5 p.m. Mountain Time, except state holidays"),
    "address": "DACA Coverage Program, New Mexico Health Care Authority\n"
    "P.O. Box 2348\nSanta Fe, NM 87504-2348",
}

# Where applicants send documents a request for information asks for (PRODUCT P2).
DOCUMENTS = {
    "fax": "1-800-555-0104",
    "address": "DACA Coverage Program Documents, New Mexico Health Care Authority\n"
    "P.O. Box 2348\nSanta Fe, NM 87504-2348",
}

# Where appeals are filed: the eligibility vendor decides first-level appeals, the
# HCA's health care affordability bureau decides final appeals (8.401.2.12 E(1), (4)).
APPEAL_OFFICES = {
    "vendor": {
        "name": _("the eligibility vendor of the DACA Coverage Program"),
        "phone": "1-800-555-0100",
        "fax": "1-800-555-0101",
        "address": "DACA Coverage Program Appeals\nP.O. Box 2348\nSanta Fe, NM 87504-2348",
    },
    "bureau": {
        "name": _("the Health Care Affordability Bureau of the New Mexico Health Care Authority"),
        "phone": "1-800-555-0102",
        "fax": "1-800-555-0103",
        "address": "Health Care Affordability Bureau, New Mexico Health Care Authority\n"
        "P.O. Box 2348\nSanta Fe, NM 87504-2348",
    },
}
