"""The shipped layout files and the official PDFs they were extracted from."""
