"""warwatch: offline-first war monitor."""

__version__ = "0.1.0"
