"""Machine translation internals: the model registry, offline model location, backends, the cache.

The public API lives in `pipeline.translate`; the modules here are its parts.
"""
