"""Shot lists: every shot with its scene, size, camera move, words and duration, as CSV or a PDF."""
