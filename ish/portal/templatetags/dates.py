"""Deadlines as a template writes them (`{% load dates %}`): one tag, so every page and e-mail
shows Heidelberg time, and a coordinator's own city's time beside it, the same way."""

from django import template

from ish.dates import deadline_label

register = template.Library()


@register.simple_tag
def deadline(moment, zone: str = "", place: str = "") -> str:
    """`{% deadline quota.effective_deadline zone=city.time_zone place=city.name %}`: the moment in
    Heidelberg time and, given a city's zone and name, in the city's time; "" for no moment."""
    return deadline_label(moment, zone, place) if moment else ""
