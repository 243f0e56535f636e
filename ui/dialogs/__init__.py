"""Dialogs: export, settings, page settings, ComfyUI settings, style picker, draft from an idea, animatic.
"""
