"""The scheduler process: plans reminders, delivers the outbox, closes the week."""
