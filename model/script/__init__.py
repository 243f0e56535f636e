"""The Panel Script language: parsing and writing back, its English and Chinese words, header lines
(Page:, Style:, Duration:), style presets, drafts from a text model, re-parsing onto a project.

Imports model's base modules and project/.
"""
