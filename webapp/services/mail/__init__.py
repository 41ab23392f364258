"""Email: the outbox (insert once per key), rendering, delivery, the SMTP or file transport.

May import: core, models, db. Knows nothing of plans or patients beyond an outbox row.
"""
