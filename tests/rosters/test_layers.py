"""The export mechanism sits beside the areas whose data it exports: it finds their sheets in
the shared registry and imports none of them, lazy imports included."""

import ast
from pathlib import Path

import pytest

ISH = Path(__file__).resolve().parents[2] / "ish"
BESIDE_OR_ABOVE_ROSTERS = [
    "ish.housing",
    "ish.placements",
    "ish.exchange",
    "ish.participants",
    "ish.programme",
]


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


def within(module: str, packages: list[str]) -> bool:
    return any(module == package or module.startswith(f"{package}.") for package in packages)


@pytest.mark.parametrize(
    "path", sorted(ISH.joinpath("rosters").rglob("*.py")), ids=lambda path: path.name
)
def test_rosters_imports_none_of_housing_placements_exchange_or_participants(path):
    imports = imported_modules(path)

    assert not [module for module in imports if within(module, BESIDE_OR_ABOVE_ROSTERS)]


def test_the_rosters_package_has_modules_to_check():
    assert {"services.py", "workbooks.py", "views.py"} <= {
        path.name for path in ISH.joinpath("rosters").rglob("*.py")
    }


def test_the_shared_spreadsheet_module_imports_nothing_of_the_project():
    imports = imported_modules(ISH / "spreadsheets.py")

    assert "openpyxl" in {module.split(".")[0] for module in imports}
    assert not [module for module in imports if within(module, ["ish", "api"])]


@pytest.mark.parametrize("area", ["housing", "placements", "exchange"])
def test_an_areas_exports_import_none_of_the_areas_beside_it(area):
    beside = [f"ish.{other}" for other in ["housing", "placements", "exchange", "rosters"]]
    beside.remove(f"ish.{area}")

    imports = imported_modules(ISH / area / "exports.py")

    assert not [module for module in imports if within(module, [*beside, "ish.participants"])]
