"""The trainer's Training records view (history from the live hub, the readiness rule)."""
