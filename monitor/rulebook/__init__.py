"""Watch rules: folding (normalize), the query language (query), rule files (files), and
the matcher that runs every rule against every new entry at once (matcher)."""
