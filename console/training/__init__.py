"""Training records: each demo night's score kept in the shared database, the per-trainee
history a trainer reads, and the readiness rule. Plain Python and SQLAlchemy, no Qt."""
