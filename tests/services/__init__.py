"""Tests of the services, one package per room."""
