import pytest

from .factories import make_world


@pytest.fixture
def world(personas):
    return make_world(personas)
