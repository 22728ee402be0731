"""The query side: the command language and the answers to /who, /when, /deals, /search and /sources."""
