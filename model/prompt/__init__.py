"""model.prompt.compose"""
