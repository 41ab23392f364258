"""Tests of the core room: access, the audit trail."""
