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
# Webhook mode listens here when FACTDESK_WEBHOOK_URL is set; polling needs no port.
EXPOSE 8443
ENTRYPOINT ["factdesk"]
CMD ["run"]
