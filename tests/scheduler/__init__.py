"""Tests of the scheduler process and the operator commands."""
