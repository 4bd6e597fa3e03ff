"""Every form on the portal renders through one USWDS field template (``templates/forms/field.html``).

``settings.FORM_RENDERER`` names ``UswdsRenderer``: ``{{ form }}`` and ``{{ field.as_field_group }}``
use its form and field templates, and its bound field gives each widget its USWDS class (a native
checkbox or radio button without ``usa-checkbox__input`` / ``usa-radio__input`` shows twice: the
browser's own control beside an empty USWDS box that never shows as checked) and ties each error
message to its input for screen readers.
"""

from __future__ import annotations

from django.forms import BoundField
from django.forms.renderers import DjangoTemplates
from django.template import loader

# Widget (class name, lower case, "input"/"widget" dropped) -> its USWDS class.
USWDS_CLASSES = {
    "select": "usa-select",
    "plainselect": "usa-select",
    "nullbooleanselect": "usa-select",
    "selectmultiple": "usa-select",
    "textarea": "usa-textarea",
    "checkbox": "usa-checkbox__input",
    "checkboxselectmultiple": "usa-checkbox__input",
    "radioselect": "usa-radio__input",
    "clearablefile": "usa-file-input",
    "file": "usa-file-input",
}


def widget_kind(widget) -> str:
    return type(widget).__name__.lower().removesuffix("input").removesuffix("widget")


class UswdsBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if "class" not in widget.attrs:
            attrs.setdefault("class", USWDS_CLASSES.get(widget_kind(widget), "usa-input"))
        if self.form.is_bound and self.errors and "aria-describedby" not in widget.attrs:
            ids = [f"{self.auto_id}_helptext"] if self.help_text else []
            attrs["aria-describedby"] = " ".join([*ids, f"{self.auto_id}-error"])
        return attrs


class UswdsRenderer(DjangoTemplates):
    """Django's widget templates, with the portal's own form and field templates."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = UswdsBoundField

    def get_template(self, template_name):
        if template_name.startswith("forms/"):
            return loader.get_template(template_name)
        return super().get_template(template_name)
