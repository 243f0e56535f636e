"""generation.openai"""
