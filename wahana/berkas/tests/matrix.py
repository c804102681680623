from wahana.akun.testing import INSIDE_DESA_A, Case, expect
from wahana.berkas.tests.factories import make_berkas
from wahana.conftest import DESA_A


def build(world):
    world.berkas_a = make_berkas(user=world.personas.pengurus, kode_wilayah=DESA_A)


CASES = [
    Case("berkas unduh (Desa A)", "GET", "/berkas/{berkas_a.pk}/", expect(ok=INSIDE_DESA_A)),
]
