import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assessor.settings")

django_application = get_wsgi_application()

# Imported once Django is set up: it reads settings and the workshop models.
from assessor.workshops.unchanged_polls import answering_unchanged_polls  # noqa: E402

# Phones' unchanged workshop polls are answered before Django's request cycle
# (assessor/workshops/unchanged_polls.py); every other request goes through it.
application = answering_unchanged_polls(django_application)
