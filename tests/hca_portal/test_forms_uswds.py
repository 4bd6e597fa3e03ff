"""Every form renders through one USWDS field template (hca_portal/forms.py): each checkbox and radio
button is the USWDS control alone (never a bare native box beside an empty USWDS one), a carried-over
choice renders checked, and selects and text fields carry their USWDS class."""

import re

import pytest
from django import forms as django_forms
from django.template.loader import render_to_string

from appeals import forms as appeal_forms

APPEAL_FORMS = [
    appeal_forms.FileAppealForm(),
    appeal_forms.LogAppealForm(),
    appeal_forms.FinalAppealForm(initial={"issues": ["income_finding"]}),
    appeal_forms.LogFinalAppealForm(initial={"issues": ["income_finding"]}),
    appeal_forms.DecideForm(),
    appeal_forms.GrantDenyForm(),
    appeal_forms.StatementForm(),
    appeal_forms.VacateForm(),
    appeal_forms.AppealDocumentForm(),
]

CLASS_OF = {"checkbox": "usa-checkbox__input", "radio": "usa-radio__input"}


def _tags(html: str, name: str) -> list[str]:
    return re.findall(rf"<{name}\b[^>]*>", html)


@pytest.mark.parametrize("form", APPEAL_FORMS, ids=lambda f: type(f).__name__)
def test_every_control_is_the_uswds_one(form):
    html = str(form)
    for tag in _tags(html, "input"):
        kind = re.search(r'type="([a-z]+)"', tag).group(1)
        if kind == "hidden":
            continue
        assert CLASS_OF.get(kind, "usa-file-input" if kind == "file" else "usa-input") in tag, tag
    assert all("usa-select" in tag for tag in _tags(html, "select"))
    assert all("usa-textarea" in tag for tag in _tags(html, "textarea"))
    # Each choice sits in its USWDS wrapper with its label right after it.
    for kind, css in CLASS_OF.items():
        count = len(re.findall(rf'type="{kind}"', html))
        assert len(re.findall(rf'class="{css}"[^>]*>\s*<label class="usa-{kind}__label"', html)) == count


def test_a_carried_over_issue_renders_checked():
    html = str(appeal_forms.FinalAppealForm(initial={"issues": ["income_finding"]}))
    [checked] = [t for t in _tags(html, "input") if " checked" in t]
    assert 'value="income_finding"' in checked and "usa-checkbox__input" in checked


def test_eligibility_and_appeal_pages_share_the_field_template():
    class Both(django_forms.Form):
        agree = django_forms.BooleanField(label="I agree")
        pick = django_forms.ChoiceField(label="Pick", choices=[("a", "A")], widget=django_forms.RadioSelect)

    form = Both()
    assert form.renderer.field_template_name == "forms/field.html"
    for name in form.fields:
        assert render_to_string("eligibility/_field.html", {"field": form[name]}).strip() == (
            form[name].as_field_group().strip()
        )
    assert render_to_string("appeals/_form.html", {"form": form}).strip().endswith(str(form).strip())
    html = str(form)
    assert 'class="usa-checkbox__input"' in html and 'class="usa-radio__input"' in html
