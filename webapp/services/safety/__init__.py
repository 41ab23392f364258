"""Safety: the red-flag check, and what follows an urgent outcome (the GP's numbers, resuming).

May import: care, plans, library, accounts, mail, core.
"""
