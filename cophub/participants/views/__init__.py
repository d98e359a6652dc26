"""Pages for registrations, lists and check-in, one module a capability (see urls.py)."""
