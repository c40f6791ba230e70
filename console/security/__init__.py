"""Transport security: the center's private CA, hub certificates, TLS contexts."""
