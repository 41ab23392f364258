"""Tests of signing in, registering and throttling."""
