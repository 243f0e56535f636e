"""ui.inspector.inspector"""
