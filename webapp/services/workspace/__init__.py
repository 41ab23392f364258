"""The physiotherapist's workspace: the dashboard, invitations, messages, a patient's record.

May import: reminders, safety, care, plans, library, accounts, mail, core.
"""
