"""ui.workers"""
