"""The physiotherapist's workspace: the dashboard, invitations, messages, a patient's record.

May import: care, library, accounts, mail, core.
"""
