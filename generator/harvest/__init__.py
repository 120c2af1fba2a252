"""A speaker's edited deck read, matched to its rebuild, traced to the YAML and spliced back."""
