"""Every field that can hold a person's data is either anonymised by the retention run or listed
as not personal in its one catalogue (ish/retention/catalogue.py) — a new field fails here until
someone decides which."""

from django.apps import apps
from django.db import models

from ish.retention.catalogue import ANONYMISED, BY_CONSENT, DELETED, KEPT, OUT_OF_SCOPE

# The kinds of field a person's data can be stored in.
HOLDING = (models.CharField, models.TextField, models.DateField, models.FileField, models.JSONField)


def ish_models() -> list[type[models.Model]]:
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("ish.")
        for model in config.get_models()
    ]


def test_every_field_that_can_hold_personal_data_is_anonymised_or_listed_as_not_personal():
    undecided = []
    for model in ish_models():
        if model._meta.label in OUT_OF_SCOPE or model in DELETED:
            continue
        decided = (
            set(ANONYMISED.get(model, {}))
            | set(KEPT.get(model, {}))
            | set(BY_CONSENT.get(model, {}))
        )
        undecided += [
            f"{model._meta.label}.{field.name}"
            for field in model._meta.concrete_fields
            if isinstance(field, HOLDING) and field.name not in decided
        ]
    assert undecided == []


def test_every_model_of_every_area_is_in_the_catalogue():
    catalogued = {*ANONYMISED, *DELETED, *KEPT, *BY_CONSENT}
    missing = [
        model._meta.label
        for model in ish_models()
        if model not in catalogued and model._meta.label not in OUT_OF_SCOPE
    ]
    assert missing == []


def test_no_field_is_both_anonymised_and_kept_and_every_listed_field_exists():
    for model, rules in ANONYMISED.items():
        assert set(rules).isdisjoint(KEPT.get(model, {})), model
    for model, rules in BY_CONSENT.items():
        assert set(rules).isdisjoint(KEPT.get(model, {})), model
        assert set(rules).isdisjoint(ANONYMISED.get(model, {})), model
    for table in (ANONYMISED, KEPT, BY_CONSENT):
        for model, fields in table.items():
            names = {field.name for field in model._meta.concrete_fields}
            assert set(fields) <= names, model
    labels = {model._meta.label for model in ish_models()}
    assert set(OUT_OF_SCOPE) <= labels
