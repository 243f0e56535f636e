"""The main window and what hangs off it: menus and toolbar, file actions, editions menu, photo import, app start.

Only `app` imports `main_window`; the action modules take the narrow protocol they declare.
"""
