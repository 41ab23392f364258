"""Tests of the safety room: the red-flag check and what follows an urgent outcome."""
