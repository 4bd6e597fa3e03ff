"""The forms' select boxes write the markup of Django's select templates, without a template per option."""

import pytest
from django import forms
from django.test.html import parse_html

from eligibility.forms import FindingForm, PlainSelect, TerminateForm, reason_choices

CHOICES = [
    ("", "---------"),
    ("Group <one>", [("a", "Apple & pear"), ("b", 'Say "b"')]),
    ("c", "Cherry"),
    (3, "Three"),
]


@pytest.mark.parametrize("value", [None, "", "a", "c", "3", ["b"]])
@pytest.mark.parametrize(
    "attrs",
    [
        {},
        {
            "class": "usa-select",
            "id": "id_x",
            "required": True,
            "disabled": False,
            "aria-describedby": "x-error",
        },
    ],
)
def test_plain_select_writes_what_djangos_templates_write(value, attrs):
    expected = forms.Select(choices=CHOICES).render("x", value, attrs=dict(attrs))
    written = PlainSelect(choices=CHOICES).render("x", value, attrs=dict(attrs))
    assert parse_html(written) == parse_html(expected)


def test_the_coded_reasons_are_offered_in_their_groups():
    expected = forms.Select(choices=reason_choices()).render("reason_code", "income_within_limit")
    written = PlainSelect(choices=reason_choices()).render("reason_code", "income_within_limit")
    assert parse_html(written) == parse_html(expected)
    assert "<optgroup" in written and 'value="income_within_limit" selected' in written


def test_the_case_page_forms_use_it():
    assert isinstance(TerminateForm().fields["reason_code"].widget, PlainSelect)
    assert (
        type(FindingForm.base_fields["reason_code"].widget) is forms.Select
    )  # the class itself is untouched
