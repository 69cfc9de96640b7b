"""Building an export job's workbook: the sheets the area that offers its kind defines for the
requester (see ish.spreadsheets.export_kind), written by the shared workbook writer.

Every sheet reads its rows through the same selectors as the API and the pages, so a workbook
holds exactly what its requester may see.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from ish.accounts.models import User
from ish.rosters.models import ExportJob
from ish.seasons.models import Season
from ish.spreadsheets import registered_export, write_workbook


def build(
    kind: str,
    user: User,
    season: Season,
    target,
    progress: Callable[[int], None] = lambda percent: None,
    parameters: dict | None = None,
) -> int:
    """Write the workbook of `kind` for `user` to `target` (a path or file); returns the rows.
    `parameters`: the job's, as the kind checked them when it was asked for. A kind that writes
    a file of its own (ish.spreadsheets.export_file_kind) writes it instead."""
    export = registered_export(kind)
    if export.file is not None:
        return export.file.write(user, season, target, progress, **(parameters or {}))
    return write_workbook(
        export.sheets(user, season, **(parameters or {})),
        target,
        title=_("ISH %(year)s: %(kind)s")
        % {"year": season.year, "kind": dict(ExportJob.Kind.choices).get(kind, kind)},
        progress=progress,
    )
