"""Stage 3, detect: the language of short strings and documents, with context from outlet, URL and page."""
