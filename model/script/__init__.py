"""model.script.panelscript"""
