"""The make-deck command line (click)."""
