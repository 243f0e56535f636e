"""Page geometry in points: layouts (strip, grid, book, storyboard), frames, balloons, tails and lettering.

Imports model's base modules, project/, script/ and prompt/ (who stands where in a panel).
"""
