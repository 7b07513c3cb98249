"""Files: physical lines, records, títulos, the reader and the writer."""
