"""model.fileformat"""
