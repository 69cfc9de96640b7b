"""Excel template and all-or-nothing import of nominations (openpyxl)."""

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportRejected(Exception):
    """The file or some rows are invalid; nothing was imported."""

    def __init__(self, errors: list[dict]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors  # [{"row": int | None, "column": str | None, "message": str}]


def build_template(season) -> bytes:
    raise NotImplementedError  # being written


def template_response(season) -> HttpResponse:
    response = HttpResponse(build_template(season), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ish-{season.year}-nominations.xlsx"'
    return response


def import_nominations(upload, *, actor, season, city) -> list:
    raise NotImplementedError  # being written
