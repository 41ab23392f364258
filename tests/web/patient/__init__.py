"""Tests of the patient's pages."""
