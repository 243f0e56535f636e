"""generation.sketch.render"""
