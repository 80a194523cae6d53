"""Pure rules of rekap: no Django, no I/O (import-linter)."""
