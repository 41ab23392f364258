"""Tests of the admin's pages."""
