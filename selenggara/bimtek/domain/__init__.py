"""Pure rules of bimtek: no Django, no I/O (import-linter)."""
