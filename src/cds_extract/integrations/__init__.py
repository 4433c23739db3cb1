"""Embeddings of `cds_extract.extract` in other tools: spaCy, an HTML view, Spark.

Each integration imports its third-party package lazily (or only when its own
module is imported), so `import cds_extract` never pays for them.
"""
