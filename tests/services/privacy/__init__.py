"""Tests of the privacy room: data download and deletion."""
