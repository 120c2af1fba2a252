"""A PowerPoint master read as plain data (the one door to python-pptx) and its layouts matched."""
