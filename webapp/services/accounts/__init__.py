"""Accounts: users and passwords, password links, two-step login.

May import: mail, core.
"""
