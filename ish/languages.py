"""Language levels (CEFR) shared by students' nominations and labs' preferences, and the one
language stored texts are written in."""

import functools

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class CEFR(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


class GermanLevel(models.TextChoices):
    NONE = "none", _("none")
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


_CEFR_INDEX = {level: index for index, level in enumerate(CEFR.values)}


def cefr_index(level: str) -> int:
    """0 for A1 … 5 for C2; -1 for no or unknown level, so comparisons need no special case."""
    return _CEFR_INDEX.get(level, -1)  # a dict: matching looks up 10,000 levels at a time


def in_default_language(function):
    """Run `function` in the portal's default language: for texts that are stored (warnings,
    explanations), so that they do not depend on whose request happened to make them. A fresh
    override per call: one shared `translation.override` instance is not thread-safe."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return wrapper
