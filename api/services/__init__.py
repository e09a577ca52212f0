"""Workflow rules: what may happen to a question, an edition, an index version, and who may do it."""
