"""Reminders: which daily, follow-up and weekly emails are due, and what they say.

May import: care, mail, core.
"""
