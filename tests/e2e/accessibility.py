"""axe-core, as npm installs it from package-lock.json into node_modules/, run in a browser test's
page: the WCAG 2.0, 2.1 and 2.2 A and AA rules every page must pass, each violation named with the
elements it found."""

from functools import cache
from pathlib import Path

from tests.conftest import service_missing

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# axe-core's rules for WCAG 2.0, 2.1 and 2.2, levels A and AA. No preloading of the stylesheets:
# axe parses a sheet's @import (the admin's forms.css has one) into an inline <style>, which the
# Content-Security-Policy refuses; only css-orientation-lock reads them, and no stylesheet of the
# portal, Bootstrap or the admin locks the orientation.
WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
    "preload": False,
}
# One line per rule broken: its impact, what it asks and the first elements concerned.
RUN_AXE = """
async ([context, options]) => {
  const results = await axe.run(context ?? document, options);
  return results.violations.map((violation) =>
    `${violation.id} (${violation.impact}): ${violation.help} — ` +
    violation.nodes.slice(0, 5).map((node) => node.target.join(" ")).join("; ")
  );
}
"""


@cache
def axe_source() -> str:
    if not AXE.exists():
        service_missing(f"needs axe-core in {AXE.parent} (npm ci --no-audit --no-fund)")
    return AXE.read_text(encoding="utf-8")


def axe_violations(page, within: str | dict | None = None) -> list[str]:
    """What axe finds wrong in the page as it stands now, one line per rule broken; `within`, a
    CSS selector (or an axe context, such as {"exclude": [...]}), checks only that part of the page.

    axe is evaluated through the browser's debugging protocol (as Playwright's own scripts are),
    once per document: a `<script>` tag (page.add_script_tag) would be inline script, which the
    portal's Content-Security-Policy refuses, and bypassing the policy would blind the tests that
    watch it."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    return page.evaluate(RUN_AXE, [within, WCAG_AA])
