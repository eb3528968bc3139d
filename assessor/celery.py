"""The Celery app, configured from Django settings (CELERY_* names).

Without REDIS_URL the settings make every task run eagerly in-process, so a
laptop needs neither Redis nor a worker.
"""

import os

from celery import Celery, signals

from assessor import logs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assessor.settings")

app = Celery("assessor")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Periodic tasks (Celery beat) live in each app's `periodic` module.
app.autodiscover_tasks(related_name="periodic")

# The id of the request that enqueued a task goes into its log lines (assessor/logs.py).
signals.before_task_publish.connect(logs.add_to_task_headers, weak=False)
signals.task_prerun.connect(logs.set_from_task, weak=False)
signals.task_postrun.connect(logs.clear_after_task, weak=False)
