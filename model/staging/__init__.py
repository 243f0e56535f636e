"""Staging: where each character (and named prop) stands in a panel's picture, from words or by hand."""
