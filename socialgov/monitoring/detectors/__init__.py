"""Stream-level detectors: pure Python, no Django imports."""
