"""The stages in order for one deck, the jobs a command line asks for, batches on processes."""
