"""ui.window"""
