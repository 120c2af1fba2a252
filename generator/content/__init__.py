"""Content files: located YAML, editions, the content format, layouts' front matter, data files."""
