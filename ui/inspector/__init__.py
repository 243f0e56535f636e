"""The inspector: a panel's fields, its refine thread, the characters list, an edition's lines.
"""
