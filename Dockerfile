# ISH Manager: one image for web (gunicorn), Celery worker, beat and the migrate job.
# Build: docker build -t ish-manager .    Run: docker compose up -d (see docker-compose.yml)
FROM python:3.11-slim

# WEB_CONCURRENCY is gunicorn's worker count (2 × cores + 1 for one core); override it in .env.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=ish.settings \
    MEDIA_ROOT=/app/media \
    WEB_CONCURRENCY=3

# The app runs unprivileged; only var/ (beat schedule) and media/ (documents, exports) are writable.
RUN groupadd --system --gid 10001 ish \
    && useradd --system --uid 10001 --gid ish --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin ish

WORKDIR /app

# pg_dump and pg_restore for `manage.py backup` and `restore` (the compose `backup` service); their
# major version must be at least the server's.
# Pango and HarfBuzz's subsetter for WeasyPrint (letters and certificates as PDF), and the Noto
# fonts of every script a participant's name is written in (Latin, Cyrillic, Hebrew, Chinese,
# Japanese).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig \
        fonts-noto-core fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

# Runtime dependencies only (no test tools), from the lock: every package pinned and checked
# against its hash. A layer of its own so code changes rebuild fast.
COPY requirements.txt ./
RUN pip install --require-hashes --requirement requirements.txt

COPY . .

# Every language's translations (Babel, as `make messages` does), then static files for
# whitenoise. The settings need DEBUG off (manifest storage) and a SECRET_KEY: both only for this
# build step.
RUN find locale -name '*.po' -print0 \
        | xargs -0 -I{} sh -c 'pybabel compile --input-file "$1" --output-file "${1%.po}.mo"' _ {} \
    && DEBUG=false SECRET_KEY=build-only-not-secret-collectstatic-needs-some-key-0123456789 \
        CELERY_BROKER_URL=redis://build-only:6379/0 \
        python manage.py collectstatic --noinput --verbosity 1 \
    && python -m compileall -q ish api \
    && mkdir -p /app/var /app/media /app/backups \
    && chown -R ish:ish /app/var /app/media /app/backups

USER ish

EXPOSE 8000

# /healthz answers 200 when the database and broker are reachable and the worker and beat have
# reported lately (HEARTBEAT_MAX_AGE_MINUTES); it is exempt from the SSL redirect.
# The Host header must be one of ALLOWED_HOSTS, so the check borrows the first of them.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; h = os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); h = h if h and h != '*' else 'localhost'; r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': h, 'X-Forwarded-Proto': 'https'}), timeout=8)"]

# gunicorn.conf.py drops gunicorn's `Server` banner from every response.
CMD ["gunicorn", "ish.wsgi:application", \
     "--config", "gunicorn.conf.py", \
     "--bind", "0.0.0.0:8000", \
     "--access-logfile", "-", \
     "--error-logfile", "-", \
     "--worker-tmp-dir", "/dev/shm", \
     "--timeout", "60", \
     "--graceful-timeout", "30", \
     "--no-control-socket"]
