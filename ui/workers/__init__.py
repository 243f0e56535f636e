"""Work off the GUI thread: the generation worker, exporting, autosave, the event-loop probe.
"""
