"""Campaigns, covenants and progress reports: built in the campaigns issue."""
