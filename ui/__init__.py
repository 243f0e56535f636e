"""The PySide6 app: widgets, Qt models that adapt the domain, QUndoCommands, workers.

Base modules: document, commands, settings, i18n, tasks (the task runner every room uses). Imports model, generation and export; never cli.
"""
