# The Powermap API. Built by docker-compose.yml (see docs/DEPLOY.md).

# Swagger UI for /docs comes from npm (the lock file pins it), not from a CDN.
FROM node:20-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY api ./api
COPY graph ./graph
COPY ingest ./ingest
COPY queries ./queries
RUN pip install --no-cache-dir --root-user-action=ignore --prefix=/install .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
COPY --from=build /install /usr/local
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin powermap
COPY --from=assets --chown=powermap /src/node_modules/swagger-ui-dist /home/powermap/node_modules/swagger-ui-dist
USER powermap
WORKDIR /home/powermap
EXPOSE 8000
# Liveness only; readiness (the store answers) is GET /readyz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
# Binding a non-loopback address needs POWERMAP_API_KEYS (the service refuses otherwise).
CMD ["powermap", "serve", "--host", "0.0.0.0"]
