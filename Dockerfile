# factdesk: the Telegram bot, with its knowledge base on a volume.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    FACTDESK_DATABASE_URL=/data/factdesk.sqlite \
    FACTDESK_SEED_DIR=/app/seeds

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY knowledge ./knowledge
COPY seeds ./seeds
RUN pip install . \
    && useradd --create-home --uid 10001 factdesk \
    && mkdir -p /data && chown factdesk:factdesk /data

USER factdesk
VOLUME ["/data"]
# Webhook mode (FACTDESK_WEBHOOK_URL set) listens on 127.0.0.1:8443 by default, behind the team's
# TLS proxy, and refuses requests without the secret token (generated at start when unset). For a
# proxy in another container set FACTDESK_WEBHOOK_LISTEN=0.0.0.0 and publish 8443 only to it.
# Polling needs no port.
ENTRYPOINT ["factdesk"]
CMD ["run"]
