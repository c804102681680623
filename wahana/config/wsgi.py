import os

from django.core.wsgi import get_wsgi_application
from django.urls import reverse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wahana.config.settings")
application = get_wsgi_application()

# Import the URL modules now (the API builds its routers and schemas on import) and build the
# reverse map, while the worker boots, rather than inside the first request each gunicorn
# worker answers: about half a second of CPU, which landed in that request's answer time.
reverse("healthz")
