"""Pure rules of pindai: no Django, no I/O (import-linter)."""
