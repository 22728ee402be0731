"""The factdesk application: configuration, wiring, jobs, start-up and the ``factdesk`` CLI."""
