"""The Admin dialog: users, roles, sessions, lockouts and API keys (admins only)."""
