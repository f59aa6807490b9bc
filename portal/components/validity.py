"""Are the timetables shown still valid today? Said plainly wherever figures are read.

The API computes each edition's status on the day of the request (current, expired since a
date, upcoming, historical); this component only words it in the page's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import streamlit as st

from portal import formatting as fmt
from portal.i18n import Translator
from portal.models import EditionValidity, Summary


def status_label(status: str, expired_since: date | None, t: Translator) -> str:
    """`valide`, `expiré depuis le 16/12/2025`, `pas encore en vigueur`, `historique`."""
    if status == "expired":
        return t("validity.status_expired", since=fmt.day(expired_since, t.language))
    key = f"validity.status_{status}"
    return t(key) if t.has(key) else status


def notice_text(status: str, editions: Sequence[EditionValidity], t: Translator) -> str:
    """The sentence for an overall status (see the API's `timetables.status`)."""
    if status == "historical":
        return t("validity.historical")
    expired = [
        t(
            "validity.edition_expired",
            name=e.name,
            since=fmt.day(e.expired_since, t.language),
        )
        for e in editions
        if e.status == "expired"
    ]
    if status in ("expired", "partly_expired") and expired:
        return t(f"validity.{status}", editions="; ".join(expired))
    return t("validity.current", today=fmt.day(date.today(), t.language))


def validity_notice(status: str, editions: Sequence[EditionValidity], t: Translator) -> None:
    """A warning when some timetables shown have expired, a quiet caption otherwise."""
    text = notice_text(status, editions, t)
    if status in ("expired", "partly_expired"):
        st.warning(text, icon=":material/event_busy:")
    else:
        st.caption(text)


def summary_editions(summary: Summary) -> list[EditionValidity]:
    """The current editions of /stats/summary, as editions with their status."""
    return [
        EditionValidity(
            source_id=v.source_id,
            name=v.name,
            status=v.status,
            valid_from=v.valid_from,
            valid_until=v.valid_until,
            expired_since=v.expired_since,
        )
        for v in summary.validity
    ]
