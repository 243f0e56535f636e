"""ui.preview"""
