"""gunicorn settings for Rugcoach behind nginx: ``gunicorn -c deploy/gunicorn.conf.py``.

One worker with threads by default: the login throttles count in memory, per process. For
more workers, set RATELIMIT_STORAGE_URI to Redis first (see README), then WEB_CONCURRENCY.
"""

import os

wsgi_app = "webapp:create_app()"
# Only nginx on this host talks to gunicorn.
bind = os.environ.get("RUGCOACH_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "1"))
worker_class = "gthread"
threads = int(os.environ.get("RUGCOACH_THREADS", "8"))
# Uploads of several hundred MB reach gunicorn only once nginx has the whole body.
timeout = 120
graceful_timeout = 30
keepalive = 75  # longer than nginx's upstream keepalive wait, so nginx closes first
# Only nginx's X-Forwarded-* count, and the app decides that (TRUSTED_PROXIES).
forwarded_allow_ips = "127.0.0.1"
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("RUGCOACH_LOG_LEVEL", "info")
