"""The `panelsmith` command line."""
