"""Pixels a user points at: selections on a panel, a part redrawn back through its selection, drawing layers."""
