"""Tests of the workspace room: dashboard, invitations, messages, records."""
