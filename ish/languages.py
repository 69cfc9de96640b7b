"""Language levels (CEFR) shared by students' nominations and labs' preferences."""

from django.db import models
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
