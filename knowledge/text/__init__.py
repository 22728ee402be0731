"""Text utilities with no knowledge of articles: names and their spellings, transliteration,
sentence splitting, date expressions, quantities and countries."""
