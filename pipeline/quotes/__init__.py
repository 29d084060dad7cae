"""Stage 2, extract: quotations, their speakers and outlets, citations and credit lines."""
