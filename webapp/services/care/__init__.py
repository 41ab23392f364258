"""The patient's care: plans and their build-up, the log, today, progress, checks, safety.

May import: library, accounts, mail, core.
"""
