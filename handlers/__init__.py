"""Thin Telegram handlers: parse a command, call ``knowledge``, render HTML. No SQL, no extraction."""
