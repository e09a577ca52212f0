"""Storage functions: one module per table family, keyword-only arguments, no workflow rules.

They add and flush but never commit; the service that calls them decides when a change is done.
"""
