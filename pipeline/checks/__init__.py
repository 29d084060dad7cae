"""Stage 6, compare: a translation checked against its original (numbers, names, negation, omissions)."""
