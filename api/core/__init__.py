"""Settings, database, security: the service's plumbing."""
