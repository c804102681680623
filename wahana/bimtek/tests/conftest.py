import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Uploaded materials go to a per-test directory, never to var/.
    settings.MEDIA_ROOT = tmp_path / "unggahan"
