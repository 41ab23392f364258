"""Plans: assigning and changing a patient's plan, its checks, the build-up and the week close.

May import: library, accounts, mail, core.
"""
