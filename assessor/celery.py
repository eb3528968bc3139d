"""The Celery app, configured from Django settings (CELERY_* names).

Without REDIS_URL the settings make every task run eagerly in-process, so a
laptop needs neither Redis nor a worker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assessor.settings")

app = Celery("assessor")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
