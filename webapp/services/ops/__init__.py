"""Operations: the health check, the practice overview, the demo data.

May import: every other room.
"""
