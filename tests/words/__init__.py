"""Tests of the words: complete Dutch, plain Dutch, our own sentences."""
