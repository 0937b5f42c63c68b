"""File import: JSONL and CSV files of posts in the exchange format (see connectors.schema)."""

from socialgov.engine.sources.files.source import FileSource, read_jsonl

__all__ = ["FileSource", "read_jsonl"]
