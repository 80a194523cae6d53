"""Publik: public results, open data and signed published snapshots (read side only)."""
