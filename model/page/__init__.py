"""model.page"""
