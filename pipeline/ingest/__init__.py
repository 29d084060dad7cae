"""Stage 1, ingest: files, folders and stdin to typed `Document`s (decoding, front matter, HTML)."""
