"""Tests of the accounts room: password links, two-step login."""
