"""Tests of the mail room: the outbox, delivery, transports, MIME, bulk writes."""
