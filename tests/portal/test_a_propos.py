"""À propos: every source with licence and attribution, privacy notice, accessibility statement."""

from __future__ import annotations

from tests.portal import payloads
from tests.portal.conftest import PortalFactory, closed_port_url, texts
from tests.portal.fake_api import FakeApi


def test_every_source_with_licence_and_attribution(api: FakeApi, portal: PortalFactory) -> None:
    shown = texts(portal(api.url, "a_propos"))
    for source in payloads.normal()["/sources"]:
        assert source["name"] in shown
        assert source["licence"] in shown
        if source["attribution"]:
            assert source["attribution"] in shown


def test_privacy_and_accessibility_are_there_even_without_api(portal: PortalFactory) -> None:
    at = portal(closed_port_url(), "a_propos")
    headers = [h.value for h in at.header]
    assert "Données personnelles (RGPD)" in headers
    assert "Déclaration d'accessibilité" in headers
    assert "RGAA" in texts(at)
