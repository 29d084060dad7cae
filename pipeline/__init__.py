"""Translation and source-provenance pipeline: quotes in English articles traced to their originals."""

__version__ = "0.1.0"
