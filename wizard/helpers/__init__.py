"""Commands that Claude Code runs on its start-up path: ``key`` and ``aws-credentials``.

They print exactly what their caller parses and nothing else, exit 1 with one line on stderr
otherwise, give up after a hard deadline, and import neither Textual, boto3 nor (on Linux)
keyring.
"""
