"""The API's schema is drawn without a signed-in reader, as Django's deploy check
(drf_spectacular.E001) and `manage.py spectacular` draw it: no serializer may assume one."""

import pytest
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db


def test_the_schema_is_drawn_without_a_reader():
    schema = SchemaGenerator().get_schema(request=None, public=True)

    nomination = schema["components"]["schemas"]["Nomination"]["properties"]
    assert "completed_programme" in nomination
