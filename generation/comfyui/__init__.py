"""The ComfyUI backend: its HTTP/websocket client, workflow templates with slots, and the backend itself.

Imports model and generation's base modules.
"""
