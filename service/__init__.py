"""The top floor of mythcheck: every way a person or a program reaches the
checker (the CLI, the HTTP API, the web form). Nothing imports it."""
