"""axe-core, as axe-playwright-python bundles it, run in a browser test's page: the WCAG 2 A and
AA rules every page must pass, each violation named with the elements it found."""

from axe_playwright_python.sync_playwright import Axe

# axe-core's rules for WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}
}


def axe_violations(page, within: str | None = None) -> list[str]:
    """What axe finds wrong in the page as it stands now, one line per rule broken (its impact
    and the elements concerned); `within`, a CSS selector, checks only that part of the page. axe
    is evaluated through the browser's debugging protocol, which the page's CSP does not limit."""
    results = Axe().run(page, context=within, options={**WCAG_AA, "resultTypes": ["violations"]})
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(", ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
    ]
