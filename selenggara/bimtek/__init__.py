"""Bimtek: planning and running the technical training of the KPPS."""
