"""Use cases over a database session and a clock; usable without a request."""
