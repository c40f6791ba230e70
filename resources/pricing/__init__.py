"""Pricing-plan settings the weekly report compares (plans.toml)."""
