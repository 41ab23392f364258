"""Tests of the library pages and video serving."""
