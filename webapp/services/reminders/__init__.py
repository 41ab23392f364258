"""Reminders: which daily, follow-up and weekly emails are due, and what they say.

Start at planning.py (the path of a batch: find what is due, decide, render, insert once
per key, advance). The batch reading and bulk writing are in snapshot.py, the rendering
(with its per-pass memo) in content.py, the weekly summary in weekly.py, signed links in
tokens.py.

May import: safety, care, plans, mail, core.
"""
