"""generation.comfyui"""
