"""Receivers for signals the records send: keep published stories in step with the records."""
