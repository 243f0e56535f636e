"""ui.editor"""
