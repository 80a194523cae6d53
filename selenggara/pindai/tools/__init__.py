"""Development tools of the reader: layout extraction, synthetic photos, digit model training."""
