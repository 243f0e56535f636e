"""generation.text"""
