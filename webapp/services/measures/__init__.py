"""Outcome measures: the treatment episode, its intake screen, profile and measurement moments."""
