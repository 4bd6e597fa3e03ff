"""Error pages and the favicon look like the rest of the site (issue 12 item 7)."""

import pytest
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_a_missing_page_has_the_sites_header_and_language_switch(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "HCA Portal" in html
    assert 'name="language" value="es"' in html


def test_a_missing_page_speaks_the_chosen_language(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"

    html = client.get("/no-such-page/").content.decode()

    assert "Página no encontrada" in html
    assert "Page not found" not in html


def test_an_api_path_keeps_its_json_404(client):
    response = client.get("/api/v1/no-such-endpoint/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_a_forbidden_page_has_the_sites_header(client, caseworker):
    client.force_login(caseworker)

    response = client.get(reverse("workspaces:supervisor"))

    assert response.status_code == 403
    html = response.content.decode()
    assert "You may not open this page" in html
    assert "Sign out" in html


def test_the_server_error_page_renders_without_a_request_context():
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_the_favicon_is_the_uswds_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("uswds/img/favicons/favicon.ico")
    assert finders.find("uswds/img/favicons/favicon.ico")
