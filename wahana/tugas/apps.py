from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TugasConfig(AppConfig):
    name = "wahana.tugas"
    verbose_name = _("Tugas latar belakang")

    def ready(self):
        # Job functions live in each app's `tugas.py` (decorated with @tugas / @berkala); importing
        # them here fills the registry in the web processes (enqueue checks names) and the worker.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("tugas")
