"""The API's JSON parser: DRF's, with a limit on how deeply a body may nest (a 400 beyond it)."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# No body of this API nests deeper than a few levels (a list of slugs in an object); the limit
# leaves ample room and stops bodies that would exhaust Python's recursion on the way in or out.
MAX_JSON_DEPTH = 32


class DepthLimitedJSONParser(JSONParser):
    """Refuses JSON nested deeper than MAX_JSON_DEPTH with a 400, like any malformed body.

    Python's decoder recurses once per level and raises RecursionError near 1,000 levels, which
    DRF's parser lets through as a server error; below that, a deep body would still recurse
    through the serializers that read it."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise _too_deep() from None
        if json_depth(data, stop_beyond=MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
            raise _too_deep()
        return data


def _too_deep() -> ParseError:
    return ParseError(
        _("JSON parse error - the body is nested more than %(depth)d levels deep.")
        % {"depth": MAX_JSON_DEPTH}
    )


def json_depth(data, stop_beyond: int) -> int:
    """How deeply `data` nests (a scalar: 0; `[]` or `{}`: 1), counted without recursion; counting
    stops once the depth exceeds `stop_beyond`."""
    deepest = 0
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list):
            continue
        deepest = max(deepest, depth)
        if deepest > stop_beyond:
            break
        pending.extend((item, depth + 1) for item in value)
    return deepest
