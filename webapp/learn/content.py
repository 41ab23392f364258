"""The information pages as data: page -> sections -> (heading, paragraphs).

Facts from the Dutch patient leaflet on non-specific low back pain (KiesBeter) and the NHG
and KNGF guidelines in CLINICAL.md, in our own plain words. One idea per paragraph, so a
screen reader or a person reading aloud can pause after each.
"""

from __future__ import annotations

from webapp.learn import pages_care, pages_pain
from webapp.learn.page import Page, Section

__all__ = ["BY_SLUG", "PAGES", "Page", "Section"]

PAGES: tuple[Page, ...] = (*pages_pain.PAGES, *pages_care.PAGES)
BY_SLUG = {page.slug: page for page in PAGES}
