"""Pindai: reading photographed C.Hasil forms and the review queue."""
