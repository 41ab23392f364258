"""Email: the outbox (insert once per key), rendering, delivery, the SMTP or file transport.

Delivery reads as claim, send, mark in delivery.py; the measures that make it fast with
several senders (lease claims, marks committed while the server answers) are in
throughput.py.

May import: core, models, db. Knows nothing of plans or patients beyond an outbox row.
"""
