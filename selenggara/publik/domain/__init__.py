"""Pure rules of publik: no Django, no I/O (import-linter)."""
