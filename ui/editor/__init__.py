"""The script editor and its syntax highlighter.
"""
