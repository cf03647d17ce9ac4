"""The compiled read path (issue 12): whole list queries answered by one SQL statement that builds
the JSON in the database, with the viewer's row filter and field masks from ``domain.access``
compiled in; everything else falls back to the resolvers. See ``api.compiled.run``."""

from api.compiled.run import CompiledReads

__all__ = ["CompiledReads"]
