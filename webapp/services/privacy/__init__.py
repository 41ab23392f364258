"""Privacy: what counts as a patient's data, downloading it, deleting an account.

May import: workspace, care, accounts, mail, core.
"""
