"""export.pdf.writer"""
