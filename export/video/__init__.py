"""export.video"""
