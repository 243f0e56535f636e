"""Screenplays in: Fountain and Final Draft (FDX) read into elements, and the storyboard they become."""
