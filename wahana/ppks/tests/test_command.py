import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from ..models import ImporPpks, Ppks
from .factories import make_nik
from .test_impor import workbook

ROWS = [
    [make_nik(birth=datetime.date(1980, 8, 5), sex="P"), "", "Siti Aminah", "P", "05/08/1980",
     "", "Tanjung Riu", "", "24", ""],
    ["6.21002E+15", "", "Yohana", "P", "", "", "Tanjung Riu", "", "24", ""],
]  # fmt: skip


@pytest.mark.django_db
def test_import_dry_run_then_commit_prints_progress(personas, tmp_path):
    path = tmp_path / "ppks.xlsx"
    path.write_bytes(workbook(ROWS))
    out = io.StringIO()
    call_command("ppks", "import", str(path), "--pengguna", "operator.gumas", stdout=out)
    text = out.getvalue()
    assert "memeriksa: 2/2 (100%)" in text
    assert "1 baru, 0 diubah, 0 tidak berubah, 1 ditolak" in text
    assert "baris 3 ditolak: NIK tertulis dalam notasi ilmiah" in text
    assert not Ppks.objects.exists()
    out = io.StringIO()
    call_command(
        "ppks", "import", str(path), "--pengguna", "operator.gumas", "--commit", stdout=out
    )
    assert "Tersimpan: 1 baru" in out.getvalue()
    assert Ppks.objects.get().nama == "Siti Aminah"
    assert ImporPpks.objects.filter(status=ImporPpks.Status.SELESAI).count() == 1


@pytest.mark.django_db
def test_import_refused_for_a_role_that_may_not(personas, tmp_path):
    path = tmp_path / "ppks.xlsx"
    path.write_bytes(workbook(ROWS))
    with pytest.raises(CommandError, match="tidak berwenang"):
        call_command("ppks", "import", str(path), "--pengguna", "psm.tanjungriu")


@pytest.mark.django_db
def test_rotate_key_command(personas, settings):
    from .. import crypto
    from .factories import ppks_make

    settings.WAHANA_DATA_KEY = f"1:{crypto.new_secret()}"
    ppks_make()
    out = io.StringIO()
    call_command("ppks", "new-key", stdout=out)
    assert out.getvalue().startswith("2:")
    settings.WAHANA_DATA_KEY = out.getvalue().strip() + "," + settings.WAHANA_DATA_KEY
    out = io.StringIO()
    call_command("ppks", "rotate-key", stdout=out)
    assert "1 data PPKS dienkripsi ulang dengan kunci versi 2" in out.getvalue()
