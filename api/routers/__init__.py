"""Routes, one module per audience. Each handler parses, calls a service and returns a schema."""
