"""Tests of the care room: plans, build-up, safety checks, timeline, week close."""
