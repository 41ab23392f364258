"""Privacy: what counts as a patient's data, downloading it, deleting an account.

May import: every room below it (workspace, reminders, safety, care, plans, ... core).
"""
