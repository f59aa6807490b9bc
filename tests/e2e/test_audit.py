"""The accessibility scan the portal's tests rely on: it finds what it must, on a document it has
already scanned too (axe is injected once per document), and nothing on a clean document."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.browser import accessibility_violations

pytestmark = pytest.mark.e2e

CLEAN = """<!doctype html><html lang="fr"><head><title>Propre</title></head>
<body><main><h1>Trajets</h1><p>Un paragraphe.</p></main></body></html>"""
#: An image with no text alternative (axe's image-alt, WCAG 1.1.1) and a button with no name.
FAULTY = """<!doctype html><html lang="fr"><head><title>Fautive</title></head>
<body><main><h1>Trajets</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<button></button></main></body></html>"""


@pytest.fixture
def blank_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def rule_ids(page: Page) -> set[str]:
    return {violation["id"] for violation in accessibility_violations(page)}


def test_a_clean_document_has_no_violation(blank_page: Page) -> None:
    blank_page.set_content(CLEAN)
    assert rule_ids(blank_page) == set()


def test_violations_are_found_by_the_first_and_later_scans_of_a_document(
    blank_page: Page,
) -> None:
    blank_page.set_content(FAULTY)
    assert {"image-alt", "button-name"} <= rule_ids(blank_page)
    assert blank_page.evaluate("window.axe !== undefined")
    # the second scan reuses the injected axe and still sees the document as it is now
    blank_page.evaluate("document.querySelector('img').alt = 'Carte'")
    assert rule_ids(blank_page) == {"button-name"}


def test_each_violation_names_its_nodes(blank_page: Page) -> None:
    blank_page.set_content(FAULTY)
    (image_alt,) = [v for v in accessibility_violations(blank_page) if v["id"] == "image-alt"]
    assert image_alt["impact"] == "critical"
    assert [node["target"] for node in image_alt["nodes"]] == [["img"]]
