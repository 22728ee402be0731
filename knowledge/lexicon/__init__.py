"""The lexicon: every word list factdesk uses, kept as data files in ``data/``, one file per concept."""
