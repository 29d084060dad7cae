"""Machine translation internals: the model registry, offline model location, backends, the cache.

The public API lives in `pipeline.mt.translate`; the modules here are its parts.
"""
