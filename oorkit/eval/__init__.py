"""Evaluation: metrics of generated relations, scenes and layouts against held-out data."""
