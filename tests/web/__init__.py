"""Tests of the web layer: pages and forms, site-wide behaviour."""
