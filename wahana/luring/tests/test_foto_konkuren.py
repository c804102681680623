"""The same photo sent twice at the same moment (a phone retrying while its first send is still
in flight), from two threads with their own database connections: one staged photo, and no
file left on disk that no record points to. Both requests find no staged photo, both store the
file; the database's UNIQUE (pengguna, sha256) refuses the second, which must then remove the
files it wrote.

This test commits (the threads must see each other's work), so Django empties the tables of
the apps below afterwards: only those, never the regions loaded once for the session.
"""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections

from wahana.akun.models import Peran
from wahana.berkas.models import Berkas
from wahana.conftest import DESA_A, make_user
from wahana.luring.models import FotoLuring
from wahana.luring.services import foto_receive

from .factories import jpeg_bytes, sha

AVAILABLE_APPS = ["wahana.luring", "wahana.audit", "wahana.berkas", "wahana.akun"]


class UploadAfterBarrier(SimpleUploadedFile):
    """An upload whose first read waits for the other request: both have then looked for the
    staged photo and found none, before either stores it."""

    def __init__(self, name, content, barrier):
        super().__init__(name, content, content_type="image/jpeg")
        self.barrier = barrier

    def read(self, *args):
        if self.barrier is not None:
            self.barrier, barrier = None, self.barrier
            barrier.wait(timeout=10)
        return super().read(*args)


@pytest.mark.django_db(transaction=True, available_apps=AVAILABLE_APPS)
def test_same_photo_twice_at_once_leaves_no_orphan_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "unggahan"
    psm = make_user("konkuren.psm", Peran.PSM, DESA_A)
    data = jpeg_bytes()
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def send():
        try:
            _foto, created = foto_receive(
                acting_user=psm,
                upload=UploadAfterBarrier("foto.jpg", data, barrier),
                sha256=sha(data),
            )
            outcomes.append(created)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)

    assert errors == []
    assert sorted(outcomes) == [False, True]
    foto = FotoLuring.objects.get(pengguna=psm, sha256=sha(data))
    referenced = {
        name for b in Berkas.objects.all() for name in (b.berkas.name, b.asli.name) if name
    }
    assert Berkas.objects.get().pk == foto.berkas_id
    on_disk = {
        str(path.relative_to(settings.MEDIA_ROOT))
        for path in settings.MEDIA_ROOT.rglob("*")
        if path.is_file()
    }
    assert on_disk == referenced and len(on_disk) == 2  # the re-encoded copy and the original
