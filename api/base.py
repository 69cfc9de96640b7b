"""Pieces every API module shares: scoped viewsets and serializers that apply the model's rules."""

from collections.abc import Callable
from copy import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from rest_framework import serializers
from rest_framework.exceptions import ValidationError


class ScopedQuerysetMixin:
    """Reads go through the area's selector, the one place that scopes rows by role."""

    selector: Callable[..., QuerySet]

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return self.get_serializer_class().Meta.model.objects.none()
        return type(self).selector(self.request.user)


class ModelRulesSerializer(serializers.ModelSerializer):
    """Runs the model's clean() and constraints, so the API, the admin and the portal agree."""

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        instance = copy(self.instance) if self.instance else self.Meta.model()
        concrete = {field.name for field in instance._meta.concrete_fields}
        for name, value in attrs.items():
            if name in concrete:
                setattr(instance, name, value)
        try:
            instance.clean()
            instance.validate_constraints()
        except DjangoValidationError as error:
            raise ValidationError(serializers.as_serializer_error(error)) from None
        return attrs
