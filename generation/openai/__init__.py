"""The OpenAI Images backend (generations and edits through the SDK) and its price table.

Imports model and generation's base modules.
"""
