"""Stage 5, link: sentence alignment of a translation with its source, and quote location."""
