"""The service's command groups for the ``halokop`` command line (one module per group)."""
