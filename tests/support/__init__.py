"""Helpers the tests share: clients, data arrangers, servers, clocks."""
