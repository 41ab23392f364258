"""Tests of the library room: the catalogue, doses, uploads."""
