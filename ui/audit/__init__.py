"""The audit trail viewer for supervisors and admins (hub request ``audit_trail``)."""
