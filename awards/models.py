"""Catalogue, rule sets, registrations, nominations and decisions: built in the awards issues."""
