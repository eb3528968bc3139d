# The web and worker image (docker-compose.yml runs both from it).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's libraries (pango, harfbuzz subsetting), a font to embed,
# cairo, which turns the SVG charts into the Word report's pictures, and
# gettext, whose msgfmt compiles the translation catalogues below.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core libcairo2 gettext \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements/base.lock requirements/base.lock
RUN pip install --no-cache-dir uv==0.13.9 \
 && uv pip sync --system --no-cache requirements/base.lock

COPY . .
RUN scripts/compile-messages.sh
RUN useradd --create-home --uid 1000 assessor \
 && mkdir -p /data/media /app/staticfiles \
 && chown -R assessor:assessor /data /app/staticfiles
USER assessor

EXPOSE 8000
# docker-compose.yml chooses scripts/start-web.sh, start-worker.sh or start-beat.sh.
CMD ["scripts/start-web.sh"]
