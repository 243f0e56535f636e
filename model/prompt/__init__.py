"""What an image model is told: prompt composition (the one place), continuity from panel to panel,
lasting changes, and a panel's status against its prompt.

Imports model's base modules, project/ and script/.
"""
