"""model.project.project"""
