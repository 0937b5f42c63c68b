"""Post-level analyzers: pure Python, no Django imports."""
