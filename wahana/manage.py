"""The `wahana` command: the project's manage.py."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wahana.config.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        # Read the settings now: a missing SECRET_KEY in production (or another configuration
        # mistake) then ends with one clear sentence instead of a traceback.
        settings.INSTALLED_APPS  # noqa: B018
    except ImproperlyConfigured as error:
        sys.exit(f"wahana: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
