"""The `.panels` file: the one place that reads and writes it (zip + project.json + images) and its schema.

Imports model's base modules, project/ and script/ (a script opened directly is parsed).
"""
