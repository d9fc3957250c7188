"""One module per provider (``bedrock``, ``vertex``…), what they share (``base``), the registry
that names them and validates a ``Setup`` (``registry``), and how Claude Code picks one from its
variables (``routing``, light enough for the key helpers, and ``detect``)."""
