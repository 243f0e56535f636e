"""export.epub.writer"""
