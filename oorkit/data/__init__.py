"""Relation data: Parquet dataset format, statistics, torch Dataset, builders and importers."""
