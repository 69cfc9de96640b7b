"""Excel template and all-or-nothing import of nominations (openpyxl).

The template has one sheet, "Nominations", with a header row (row 1) naming the columns in
the requester's language, a comment per header saying what to enter, and drop-downs; a
protected sheet, "Lists", holds the nationality codes and research fields the drop-downs offer
(the sheets' names translated too). Columns are recognised by their header text in any offered
language (case, spaces, hyphens and underscores ignored; the field key, e.g. `date_of_birth`,
works too), so they may be reordered and a template downloaded in German reads back anywhere.

An import is checked as a container first (size, zip, zip bomb), then read cell by cell, then
every row is checked under the rules of `services.create_nomination` and written in bulk
(`drafts.create_drafts`) in one transaction: either every row is created as a draft, or nothing
is and `ImportRejected.errors` lists every problem as `{"row", "column", "message"}`: `row` as
Excel numbers it (header = 1, first data row = 2) and `column` the header text of the column as
it stands in row 1 of the uploaded file (e.g. "Date of birth"); both are None for a problem with
the whole file.

The modules: `columns` (what the template holds), `template` (building it), `upload` (opening
an uploaded file safely), `cells` (reading values), `importing` (rows through the rules).
"""

from ish.nominations.spreadsheet.columns import MAX_ROWS, XLSX
from ish.nominations.spreadsheet.importing import import_nominations
from ish.nominations.spreadsheet.template import build_template, template_response
from ish.nominations.spreadsheet.upload import MAX_UPLOAD_BYTES, ImportRejected

__all__ = [
    "MAX_ROWS",
    "MAX_UPLOAD_BYTES",
    "XLSX",
    "ImportRejected",
    "build_template",
    "import_nominations",
    "template_response",
]
