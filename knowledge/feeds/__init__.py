"""Feeds: RSS and Atom parsed by feedparser, followed by chats, polled with claims in the database."""
