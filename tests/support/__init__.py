"""Helpers shared by the test suite: Node-side validators and golden files."""
