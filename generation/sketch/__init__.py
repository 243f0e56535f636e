"""The offline sketch renderer (figures, props, scenes, looks per style) and the offline photo restyle.

Imports model and generation's base modules.
"""
