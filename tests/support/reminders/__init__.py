"""Helpers for the reminder-engine tests and benchmarks: bulk patients, an SMTP sink, workers."""
