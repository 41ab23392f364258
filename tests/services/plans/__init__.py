"""Tests of the plans room: assigning, checking and changing plans, the build-up, week close."""
