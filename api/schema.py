"""The OpenAPI schema's generator: drf-spectacular's, adding the error answers every operation can
give (400, 401, 403, 404, 409, and the server's 414) with their real bodies, derived from what the
operation takes and who may call it."""

from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.permissions import SAFE_METHODS, AllowAny, IsAuthenticated

# DRF's error bodies as the exception handler (api/exceptions.py) sends them.
ERROR = {
    "type": "object",
    "description": "What went wrong, in the caller's language.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "type": "object",
    "description": "What is wrong with the request: `detail` for the request as a whole (a body "
    "that is not JSON, nested too deeply or too large), otherwise a list of messages per field "
    "(`non_field_errors` for the body as a whole); a nested field's messages nest alike.",
    "properties": {
        "detail": {"type": "string"},
        "non_field_errors": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": {"anyOf": [{"type": "array"}, {"type": "object"}]},
}
DESCRIPTIONS = {
    "400": "The request is invalid: the body, a filter or a parameter.",
    "401": "No valid credentials.",
    "403": "The caller's role may not do this.",
    "404": "No such object in the caller's scope (or no such page).",
    "409": "A rule of the current state refuses it (a quota, a capacity, a deadline, a status "
    "change, a row still in use).",
    "429": "Too many attempts from this address or for this account: wait and try again.",
}
# gunicorn (and a proxy in front of it) refuses a request line over 4,094 bytes before Django
# sees it, with a page of its own: any operation can get it with a long enough query.
URI_TOO_LONG = {
    "content": {"text/html": {"schema": {"type": "string"}}},
    "description": "The path and query are longer than the server takes (4,094 bytes for "
    "gunicorn's whole request line).",
}
# Query parameters a list answers without a 400 (a page that does not exist is a 404).
LENIENT_PARAMETERS = {"page", "page_size", "ordering"}


class AutoSchema(openapi.AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is not None:
            responses = operation["responses"]
            # A view may declare more errors than the rules derive, by a description alone.
            declared = {code for code in responses if code in DESCRIPTIONS}
            for code in sorted({*self.error_codes(operation), *declared}):
                self._add_error_response(responses, code)
            responses["414"] = URI_TOO_LONG
        return operation

    def error_codes(self, operation: dict) -> list[str]:
        """The error statuses the operation can answer, from what it takes and who may call it."""
        parameters = operation.get("parameters", [])
        query = {p["name"] for p in parameters if p["in"] == "query"}
        unsafe = self.method not in SAFE_METHODS
        permissions = self.view.get_permissions()
        # The token endpoint has no permission to pass: anyone may try to sign in.
        signed_in = bool(permissions) and not any(isinstance(p, AllowAny) for p in permissions)
        codes = []
        if "requestBody" in operation or query - LENIENT_PARAMETERS:
            codes.append("400")
        if signed_in:
            codes.append("401")
            # A role's permission, a check in the view, or (unsafe, with a session) CSRF.
            if unsafe or not self._only_signed_in():
                codes.append("403")
        if any(p["in"] == "path" for p in parameters) or "page" in query:
            codes.append("404")
        if unsafe and signed_in:
            codes.append("409")
        return codes

    def _only_signed_in(self) -> bool:
        return all(type(p) is IsAuthenticated for p in self.view.get_permissions())

    def _add_error_response(self, responses: dict, code: str) -> None:
        name, schema = ("ValidationError", VALIDATION_ERROR) if code == "400" else ("Error", ERROR)
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name
        )
        self.registry.register_on_missing(component)
        declared = responses.get(code)
        if not declared or not declared.get("content"):
            media_types = self.map_renderers("media_type")
            responses[code] = {
                "content": {media: {"schema": component.ref} for media in media_types},
                "description": (declared or {}).get("description") or DESCRIPTIONS[code],
            }
            return
        # An operation's own error body (the import's row errors) is one shape; DRF's (a body
        # that does not parse, a missing field) is always the other.
        for content in declared.get("content", {}).values():
            if content["schema"] != component.ref:
                content["schema"] = {"anyOf": [content["schema"], component.ref]}
