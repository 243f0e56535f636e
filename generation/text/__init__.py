"""Text-model work through the OpenAI SDK: the structured-output client, drafting scripts, translating editions.

Imports model and generation's base modules.
"""
