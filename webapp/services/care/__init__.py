"""The patient's care day to day: the log, today, progress, outcomes, timeline, education.

May import: plans, library, accounts, mail, core.
"""
