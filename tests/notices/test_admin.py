"""Admin: program administrators keep taglines; notices are read-only there."""

import pytest

from notices.models import Tagline


@pytest.mark.django_db
def test_a_program_administrator_edits_a_tagline(client, program_admin):
    tagline = Tagline.objects.get(language_code="es")
    client.force_login(program_admin)

    response = client.post(
        f"/admin/notices/tagline/{tagline.pk}/change/",
        {
            "language_code": "es",
            "language_name": "Español",
            "text": "ATENCIÓN: servicios gratuitos. Llame al {phone}.",
            "position": 20,
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    tagline = Tagline.objects.get(pk=tagline.pk)
    assert tagline.text.startswith("ATENCIÓN: servicios gratuitos")
    assert tagline.history.count() == 2


@pytest.mark.django_db
def test_notices_are_read_only_in_the_admin(client, program_admin, issue):
    notice = issue()
    client.force_login(program_admin)

    page = client.get(f"/admin/notices/notice/{notice.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert client.post(f"/admin/notices/notice/{notice.pk}/change/", {"decision": "x"}).status_code == 403
    assert client.get("/admin/notices/notice/add/").status_code == 403
    assert client.get(f"/admin/notices/notice/{notice.pk}/delete/").status_code == 403
