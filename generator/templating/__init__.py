"""Jinja: the sandbox, filters, vars, content strings and layouts rendered, failures as located messages."""
