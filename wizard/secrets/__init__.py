"""Secrets: the keyring (``store``) and the fast read path of the key helpers (``lookup``)."""
