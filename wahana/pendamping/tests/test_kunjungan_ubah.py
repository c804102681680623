"""Correcting a recorded visit: service, page and API, with the audit's before/after."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from wahana.audit.models import AuditLog
from wahana.berkas.tests.factories import png_upload
from wahana.conftest import DESA_A, DESA_B
from wahana.pendamping import services
from wahana.pendamping.models import Kunjungan, LaporanBulanan
from wahana.wksbm.tests.factories import make_wksbm

from .factories import last_month


def _fields(k: Kunjungan, **changes) -> dict:
    data = {
        "tanggal": k.tanggal,
        "jenis": k.jenis,
        "uraian": k.uraian,
        "temuan": k.temuan,
        "wksbm": k.wksbm,
        "program": k.program,
    }
    data.update(changes)
    return data


def _state(k: Kunjungan) -> tuple:
    k = Kunjungan.objects.get(pk=k.pk)
    fotos = sorted(k.foto_set.values_list("pk", flat=True))
    return (k.tanggal, k.jenis, k.uraian, k.temuan, k.wksbm_id, k.program_id, fotos)


@pytest.mark.django_db
def test_worker_corrects_findings_kind_wksbm_and_photos(personas, world):
    k = world.kunjungan_a
    services.foto_add(acting_user=personas.tksk, kunjungan=k, upload=png_upload())
    [lama] = k.foto_set.all()
    wksbm = make_wksbm(user=personas.operator, kode_wilayah=DESA_A)
    tanggal = k.tanggal + datetime.timedelta(days=2)
    services.kunjungan_update(
        acting_user=personas.tksk,
        kunjungan=k,
        **_fields(k, tanggal=tanggal, jenis="verifikasi", temuan="Kas sudah diisi.", wksbm=wksbm),
        foto=[png_upload(), png_upload()],
        hapus_foto=[lama.pk],
    )
    k.refresh_from_db()
    assert (k.tanggal, k.jenis, k.temuan, k.wksbm) == (
        tanggal,
        "verifikasi",
        "Kas sudah diisi.",
        wksbm,
    )
    fotos = list(k.foto_set.all())
    assert len(fotos) == 2 and lama.pk not in {f.pk for f in fotos}
    assert all(f.wilayah_id == DESA_A for f in fotos)
    log = AuditLog.objects.get(aksi="kunjungan_diubah", objek_id=str(k.pk))
    assert log.perubahan["temuan"] == ["Buku kas belum diisi.", "Kas sudah diisi."]
    assert log.perubahan["jenis"] == ["kunjungan", "verifikasi"]
    assert log.perubahan["wksbm"] == [None, str(wksbm.pk)]
    before, after = log.perubahan["foto"]
    assert str(lama.berkas_id) in before and str(lama.berkas_id) not in after
    # Unchanged fields are not in the diff.
    assert "uraian" not in log.perubahan and "program" not in log.perubahan


@pytest.mark.django_db
def test_who_may_correct(personas, world):
    k = world.kunjungan_a
    before = _state(k)
    # The PSM of the desa sees the visit of the TKSK but does not own it; the TKSK of another
    # kecamatan does not manage it either.
    for user in (personas.psm, personas.tksk_lain, personas.pimpinan, personas.operator_lain):
        with pytest.raises(PermissionDenied):
            services.kunjungan_update(
                acting_user=user, kunjungan=k, **_fields(k, temuan="diubah orang lain")
            )
    # The operator of the kabupaten corrects on the worker's behalf.
    services.kunjungan_update(
        acting_user=personas.operator, kunjungan=k, **_fields(k, uraian="Koreksi operator")
    )
    assert _state(k)[2] == "Koreksi operator" and _state(k)[0] == before[0]


@pytest.mark.django_db
def test_bad_corrections_change_nothing(personas, world):
    k = world.kunjungan_a
    services.foto_add(acting_user=personas.tksk, kunjungan=k, upload=png_upload())
    before = _state(k)
    wksbm_b = make_wksbm(user=personas.operator, kode_wilayah=DESA_B)
    other_foto = world.kunjungan_b.foto_set.create(
        wilayah_id=DESA_B, berkas=k.foto_set.get().berkas
    )
    bad = [
        ({"tanggal": timezone.localdate() + datetime.timedelta(days=1)}, "tanggal"),
        ({"jenis": "piknik"}, "jenis"),
        ({"uraian": "  "}, "uraian"),
        ({"wksbm": wksbm_b}, "wksbm"),
    ]
    for changes, field in bad:
        with pytest.raises(ValidationError) as error:
            services.kunjungan_update(
                acting_user=personas.tksk,
                kunjungan=k,
                **_fields(k, temuan="tidak tersimpan", **changes),
                foto=[png_upload()],
            )
        assert field in error.value.message_dict, changes
    with pytest.raises(ValidationError) as error:
        services.kunjungan_update(
            acting_user=personas.tksk, kunjungan=k, **_fields(k), hapus_foto=[other_foto.pk]
        )
    assert "hapus_foto" in error.value.message_dict
    assert _state(k) == before
    assert world.kunjungan_b.foto_set.filter(pk=other_foto.pk).exists()
    assert not AuditLog.objects.filter(aksi="kunjungan_diubah").exists()


@pytest.mark.django_db
def test_approved_month_is_locked_both_ways(personas, world):
    k = world.kunjungan_a  # last month
    lap = world.laporan_a
    services.laporan_submit(acting_user=personas.tksk, laporan=lap, ringkasan="Ringkas")
    services.laporan_approve(acting_user=personas.operator, laporan=lap)
    with pytest.raises(ValidationError):
        services.kunjungan_update(
            acting_user=personas.tksk, kunjungan=k, **_fields(k, temuan="terlambat")
        )
    # A visit of this month cannot be moved into the locked month either.
    baru = services.kunjungan_create(
        acting_user=personas.tksk,
        pendamping=world.tksk_a,
        kode_wilayah=DESA_A,
        tanggal=timezone.localdate(),
        jenis="kunjungan",
        uraian="Kunjungan bulan ini",
    )
    with pytest.raises(ValidationError):
        services.kunjungan_update(
            acting_user=personas.tksk, kunjungan=baru, **_fields(baru, tanggal=k.tanggal)
        )
    # An amendment reopens the month.
    perubahan = services.laporan_amend(acting_user=personas.tksk, laporan=lap)
    assert perubahan.status == LaporanBulanan.Status.DRAFT
    services.kunjungan_update(
        acting_user=personas.tksk, kunjungan=k, **_fields(k, temuan="Dikoreksi lewat perubahan")
    )
    assert Kunjungan.objects.get(pk=k.pk).temuan == "Dikoreksi lewat perubahan"


@pytest.mark.django_db
def test_edit_page(client, personas, world):
    k = world.kunjungan_a
    services.foto_add(
        acting_user=personas.tksk, kunjungan=k, upload=png_upload(), keterangan="Lama"
    )
    [lama] = k.foto_set.all()
    client.force_login(personas.tksk)
    detail = client.get(f"/pendamping/kunjungan/{k.pk}/").content.decode()
    assert f"/pendamping/kunjungan/{k.pk}/ubah/" in detail
    page = client.get(f"/pendamping/kunjungan/{k.pk}/ubah/").content.decode()
    assert "Buku kas belum diisi." in page and 'name="hapus_foto"' in page
    assert 'name="pendamping"' not in page and 'name="kode_wilayah"' not in page
    data = {
        "tanggal": k.tanggal.strftime("%d/%m/%Y"),
        "jenis": "sosialisasi",
        "uraian": k.uraian,
        "temuan": "Pengurus sudah rapat.",
        "program": k.program_id,
        "hapus_foto": [lama.pk],
        "foto_1": png_upload(),
    }
    response = client.post(f"/pendamping/kunjungan/{k.pk}/ubah/", data)
    assert response.status_code == 302
    k.refresh_from_db()
    assert k.jenis == "sosialisasi" and k.temuan == "Pengurus sudah rapat."
    assert list(k.foto_set.values_list("keterangan", flat=True)) == [""]
    # A bad date comes back as a form error and changes nothing.
    data.update(tanggal="01/01/2099", temuan="tidak tersimpan", hapus_foto=[])
    data.pop("foto_1")
    response = client.post(f"/pendamping/kunjungan/{k.pk}/ubah/", data)
    assert response.status_code == 200 and "masa depan" in response.content.decode()
    assert Kunjungan.objects.get(pk=k.pk).temuan == "Pengurus sudah rapat."
    # The PSM of the desa reads the visit but gets no edit link and no edit page.
    client.force_login(personas.psm)
    assert (
        f"/kunjungan/{k.pk}/ubah/"
        not in client.get(f"/pendamping/kunjungan/{k.pk}/").content.decode()
    )
    assert client.get(f"/pendamping/kunjungan/{k.pk}/ubah/").status_code == 403
    client.force_login(personas.outsider)
    assert client.get(f"/pendamping/kunjungan/{k.pk}/ubah/").status_code == 404


@pytest.mark.django_db
def test_edit_through_api(client, personas, world):
    k = world.kunjungan_a
    client.force_login(personas.tksk)
    url = f"/api/v1/pendamping/kunjungan/{k.pk}"
    response = client.post(url + "/foto", {"foto": png_upload(), "keterangan": "Rapat"})
    assert response.status_code == 201, response.content
    [foto_id] = k.foto_set.values_list("pk", flat=True)
    body = {
        "tanggal": str(last_month() + datetime.timedelta(days=3)),
        "jenis": "rapat",
        "uraian": "Rapat pengurus",
        "temuan": "Sekretaris baru",
        "program_id": world.program.pk,
        "hapus_foto": [foto_id],
    }
    response = client.put(url, body, content_type="application/json")
    assert response.status_code == 200, response.json()
    out = response.json()
    assert (out["jenis"], out["temuan"], out["foto"], out["program_id"]) == (
        "rapat",
        "Sekretaris baru",
        [],
        world.program.pk,
    )
    response = client.put(url, {**body, "jenis": "piknik"}, content_type="application/json")
    assert response.status_code == 422 and "jenis" in response.json()["detail"]
    client.force_login(personas.tksk_lain)
    assert client.put(url, body, content_type="application/json").status_code == 404
