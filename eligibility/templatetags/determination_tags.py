"""A determination's standing and computation in words, for templates (eligibility.explanations)."""

from django import template

from .. import explanations

register = template.Library()


@register.simple_tag
def determination_standing(determination) -> str:
    return explanations.standing(determination)


@register.simple_tag
def determination_explanation(determination) -> list[str]:
    return explanations.explain(determination)
