"""Reads an .xlsx file as a spreadsheet program does, without openpyxl: the XML of its parts."""

import io
import zipfile
from xml.etree import ElementTree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def sheets_xml(xlsx: bytes) -> dict[str, ElementTree.Element]:
    """Every worksheet of the workbook, by its path in the file."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return {
            name: ElementTree.fromstring(archive.read(name))
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        }


def formula_cells(xlsx: bytes) -> list[str]:
    """Where the workbook holds a formula (an `<f>` element in a cell): "sheet1.xml!B7"."""
    return [
        f"{path.rsplit('/', 1)[-1]}!{cell.get('r')}"
        for path, sheet in sheets_xml(xlsx).items()
        for cell in sheet.iter(f"{MAIN}c")
        if cell.find(f"{MAIN}f") is not None
    ]


def texts(xlsx: bytes) -> set[str]:
    """Every text the workbook holds, in its cells (inline) or its shared strings."""
    found = {
        element.text or ""
        for sheet in sheets_xml(xlsx).values()
        for element in sheet.iter(f"{MAIN}t")
    }
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        if "xl/sharedStrings.xml" in archive.namelist():
            shared = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
            found |= {element.text or "" for element in shared.iter(f"{MAIN}t")}
    return found
