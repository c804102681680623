from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wahana.lib import kode as kodelib
from wahana.wilayah.models import Wilayah

from . import dokumen, services
from .forms import (
    BimtekForm,
    FasilitatorForm,
    KecamatanForm,
    MateriForm,
    PendaftaranForm,
    SasaranForm,
)
from .models import Bimtek
from .selectors import (
    bimtek_get_for,
    bimtek_list_visible_to,
    can_register,
    dampak_for,
    hari_list,
    lembar_hadir,
    peserta_get_for,
    peserta_list_for,
    sasaran_get_for,
    sasaran_list_for,
    sertifikat_verify,
)


def _apply_errors(form, error: ValidationError) -> None:
    pairs = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    for field, errors in pairs:
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


def _manage_or_404(request, pk) -> Bimtek:
    """The event, for its organisers only; readers get 404 like outsiders (no write page
    exists for them)."""
    bimtek, can_write = bimtek_get_for(request.user, pk)
    if not can_write:
        raise Http404
    return bimtek


def _flash_error(request, error) -> None:
    text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    messages.error(request, text)


@login_required
def bimtek_list(request):
    bimtek_qs = bimtek_list_visible_to(request.user)
    tahun = request.GET.get("tahun", "")
    if tahun.isdigit():
        bimtek_qs = bimtek_qs.filter(tanggal_mulai__year=int(tahun))
    context = {
        "bimtek_list": bimtek_qs[:200],
        "count": bimtek_qs.count(),
        "tahun": tahun,
        "can_create": request.user.is_pengelola,
    }
    if request.htmx:
        return render(request, "bimtek/bimtek_list.html#daftar", context)
    return render(request, "bimtek/bimtek_list.html", context)


@login_required
def bimtek_create_view(request):
    if not request.user.is_pengelola:
        raise Http404
    form = BimtekForm(
        request.POST or None,
        acting_user=request.user,
        initial={"kode_wilayah": request.user.kode_wilayah, "jam_mulai": "08:00"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            bimtek = services.bimtek_create(acting_user=request.user, **form.cleaned_data)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Bimtek dibuat. Tentukan desa sasarannya."))
            return redirect("bimtek:sasaran", pk=bimtek.pk)
    return render(request, "bimtek/bimtek_form.html", {"form": form, "baru": True})


@login_required
def bimtek_edit_view(request, pk):
    bimtek = _manage_or_404(request, pk)
    hari = hari_list(bimtek)
    form = BimtekForm(
        request.POST or None,
        acting_user=request.user,
        editing=True,
        initial={
            **{name: getattr(bimtek, name) for name in services.BIMTEK_FIELDS},
            "tanggal_mulai": hari[0].tanggal if hari else None,
            "tanggal_selesai": hari[-1].tanggal if hari else None,
            "jam_mulai": hari[0].jam_mulai if hari else None,
            "jam_selesai": hari[0].jam_selesai if hari else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.bimtek_update(acting_user=request.user, bimtek=bimtek, **form.cleaned_data)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Bimtek diperbarui."))
            return redirect("bimtek:detail", pk=bimtek.pk)
    return render(request, "bimtek/bimtek_form.html", {"form": form, "bimtek": bimtek})


@login_required
def bimtek_detail(request, pk):
    bimtek, can_write = bimtek_get_for(request.user, pk)
    sasaran = list(sasaran_list_for(request.user, bimtek))
    for item in sasaran:
        item.boleh_daftar = can_register(request.user, item)
    peserta = list(peserta_list_for(request.user, bimtek))
    context = {
        "bimtek": bimtek,
        "can_write": can_write,
        "hari": hari_list(bimtek),
        "sasaran": sasaran,
        "peserta": peserta,
        "jumlah_sertifikat": sum(1 for p in peserta if p.kode_sertifikat),
        "fasilitator": bimtek.fasilitator_set.all(),
        "materi": bimtek.materi_set.select_related("berkas"),
        "fasilitator_form": FasilitatorForm(),
        "materi_form": MateriForm(),
    }
    return render(request, "bimtek/bimtek_detail.html", context)


@login_required
def sasaran_view(request, pk):
    """Pick a kecamatan, then tick its target desa and their quotas."""
    bimtek = _manage_or_404(request, pk)
    kecamatan_form = KecamatanForm(request.GET or None, dalam=bimtek.kode_wilayah)
    kecamatan = None
    kode = request.POST.get("kecamatan") or request.GET.get("kecamatan", "")
    if kode:
        kecamatan = Wilayah.objects.filter(kode=kode, tingkat=kodelib.TINGKAT_KECAMATAN).first()
        if kecamatan is None or not kodelib.covers(bimtek.kode_wilayah, kecamatan.kode):
            raise Http404
    form = None
    if kecamatan is not None:
        desa_list = list(Wilayah.objects.filter(induk=kecamatan, aktif=True).order_by("kode"))
        terpilih = dict(
            bimtek.sasaran_set.filter(wilayah__induk=kecamatan).values_list("wilayah_id", "kuota")
        )
        form = SasaranForm(
            request.POST if request.method == "POST" else None,
            desa_list=desa_list,
            terpilih=terpilih,
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.sasaran_set_kecamatan(
                    acting_user=request.user,
                    bimtek=bimtek,
                    kode_kecamatan=kecamatan.kode,
                    pilihan=form.pilihan(),
                )
            except (PermissionDenied, ValidationError) as error:
                _flash_error(request, error)
            else:
                messages.success(
                    request,
                    _("Desa sasaran di Kecamatan %(nama)s disimpan.") % {"nama": kecamatan.nama},
                )
                return redirect("bimtek:sasaran", pk=bimtek.pk)
    context = {
        "bimtek": bimtek,
        "kecamatan_form": kecamatan_form,
        "kecamatan": kecamatan,
        "form": form,
        "sasaran": sasaran_list_for(request.user, bimtek),
    }
    return render(request, "bimtek/sasaran.html", context)


@login_required
@require_POST
def sasaran_remove_view(request, pk, spk):
    bimtek = _manage_or_404(request, pk)
    sasaran = sasaran_get_for(request.user, bimtek, spk)
    try:
        services.sasaran_remove(acting_user=request.user, sasaran=sasaran)
    except (PermissionDenied, ValidationError) as error:
        _flash_error(request, error)
    else:
        messages.success(request, _("Desa sasaran dihapus."))
    return redirect("bimtek:sasaran", pk=bimtek.pk)


@login_required
@require_POST
def fasilitator_add_view(request, pk):
    bimtek = _manage_or_404(request, pk)
    form = FasilitatorForm(request.POST)
    if form.is_valid():
        try:
            services.fasilitator_add(acting_user=request.user, bimtek=bimtek, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            _flash_error(request, error)
        else:
            messages.success(request, _("Fasilitator ditambahkan."))
    else:
        messages.error(request, _("Nama fasilitator wajib diisi."))
    return redirect("bimtek:detail", pk=bimtek.pk)


@login_required
@require_POST
def fasilitator_remove_view(request, pk, fpk):
    bimtek = _manage_or_404(request, pk)
    fasilitator = get_object_or_404(bimtek.fasilitator_set, pk=fpk)
    services.fasilitator_remove(acting_user=request.user, fasilitator=fasilitator)
    messages.success(request, _("Fasilitator dihapus."))
    return redirect("bimtek:detail", pk=bimtek.pk)


@login_required
@require_POST
def materi_add_view(request, pk):
    bimtek = _manage_or_404(request, pk)
    form = MateriForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.materi_add(
                acting_user=request.user,
                bimtek=bimtek,
                judul=form.cleaned_data["judul"],
                upload=form.cleaned_data["berkas"],
            )
        except (PermissionDenied, ValidationError) as error:
            _flash_error(request, error)
        else:
            messages.success(request, _("Materi diunggah."))
    else:
        messages.error(request, "; ".join(e for errors in form.errors.values() for e in errors))
    return redirect("bimtek:detail", pk=bimtek.pk)


@login_required
@require_GET
def materi_unduh(request, pk, mpk):
    """Materials are for everyone who sees the event, including people of target desa whose
    scope does not cover the organiser's region (so not through berkas:unduh)."""
    bimtek, _can_write = bimtek_get_for(request.user, pk)
    materi = get_object_or_404(bimtek.materi_set.select_related("berkas"), pk=mpk)
    berkas = materi.berkas
    name = berkas.nama_asli
    if not name.lower().endswith(berkas.ekstensi):
        name += berkas.ekstensi
    response = FileResponse(
        berkas.berkas.open("rb"),
        content_type=berkas.tipe_mime,
        as_attachment=berkas.tipe_mime != "application/pdf",
        filename=name,
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_POST
def materi_remove_view(request, pk, mpk):
    bimtek = _manage_or_404(request, pk)
    materi = get_object_or_404(bimtek.materi_set, pk=mpk)
    services.materi_remove(acting_user=request.user, materi=materi)
    messages.success(request, _("Materi dihapus."))
    return redirect("bimtek:detail", pk=bimtek.pk)


@login_required
def pendaftaran_view(request, pk, spk):
    """The participants of one target desa, and the registration form while places are left."""
    bimtek, can_write = bimtek_get_for(request.user, pk)
    sasaran = sasaran_get_for(request.user, bimtek, spk)
    boleh_daftar = can_register(request.user, sasaran)
    if request.method == "POST" and not boleh_daftar:
        raise Http404
    form = PendaftaranForm(request.POST or None, user=request.user, sasaran=sasaran)
    if request.method == "POST" and form.is_valid():
        try:
            peserta = services.peserta_register(
                acting_user=request.user, sasaran=sasaran, **form.service_kwargs()
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("%(nama)s didaftarkan.") % {"nama": peserta.nama})
            return redirect("bimtek:pendaftaran", pk=bimtek.pk, spk=sasaran.pk)
    peserta = peserta_list_for(request.user, bimtek).filter(sasaran=sasaran)
    context = {
        "bimtek": bimtek,
        "sasaran": sasaran,
        "peserta": peserta,
        "sisa": max(sasaran.kuota - sasaran.terdaftar, 0),
        "form": form,
        "boleh_daftar": boleh_daftar,
    }
    return render(request, "bimtek/pendaftaran.html", context)


@login_required
@require_POST
def peserta_remove_view(request, pk, ppk):
    bimtek, _can_write = bimtek_get_for(request.user, pk)
    peserta = peserta_get_for(request.user, bimtek, ppk)
    if not can_register(request.user, peserta.sasaran):
        raise Http404
    try:
        services.peserta_remove(acting_user=request.user, peserta=peserta)
    except (PermissionDenied, ValidationError) as error:
        _flash_error(request, error)
    else:
        messages.success(request, _("Peserta dihapus."))
    return redirect("bimtek:pendaftaran", pk=bimtek.pk, spk=peserta.sasaran_id)


@login_required
def hadir_view(request, pk):
    """The attendance sheet, made for a phone: one big checkbox per participant per day."""
    bimtek = _manage_or_404(request, pk)
    hari, rows = lembar_hadir(request.user, bimtek)
    return render(request, "bimtek/hadir.html", {"bimtek": bimtek, "hari": hari, "rows": rows})


@login_required
@require_POST
def hadir_toggle(request, pk, ppk, hpk):
    bimtek = _manage_or_404(request, pk)
    peserta = peserta_get_for(request.user, bimtek, ppk)
    hari = get_object_or_404(bimtek.hari_set, pk=hpk)
    hadir = request.POST.get("hadir") == "1"
    error = None
    try:
        hadir = services.kehadiran_set(
            acting_user=request.user, peserta=peserta, hari=hari, hadir=hadir
        )
    except ValidationError as exc:
        error = "; ".join(exc.messages)
        hadir = not hadir
    if request.htmx:
        return render(
            request,
            "bimtek/hadir.html#sel",
            {
                "bimtek": bimtek,
                "peserta": peserta,
                "sel": {"hari": hari, "hadir": hadir},
                "galat": error,
            },
        )
    if error:
        messages.error(request, error)
    return redirect("bimtek:hadir", pk=bimtek.pk)


@login_required
def nilai_view(request, pk):
    bimtek = _manage_or_404(request, pk)
    peserta = list(peserta_list_for(request.user, bimtek))
    errors = {}
    if request.method == "POST":
        for item in peserta:
            try:
                services.nilai_set(
                    acting_user=request.user,
                    peserta=item,
                    nilai_pre_test=request.POST.get(f"pre_{item.pk}", ""),
                    nilai_post_test=request.POST.get(f"post_{item.pk}", ""),
                )
            except ValidationError as error:
                errors[item.pk] = "; ".join(error.messages)
        if not errors:
            messages.success(request, _("Nilai disimpan."))
            return redirect("bimtek:detail", pk=bimtek.pk)
    for item in peserta:
        item.galat = errors.get(item.pk, "")
    return render(request, "bimtek/nilai.html", {"bimtek": bimtek, "peserta": peserta})


@login_required
@require_POST
def sertifikat_issue_view(request, pk):
    bimtek = _manage_or_404(request, pk)
    count = services.sertifikat_issue(acting_user=request.user, bimtek=bimtek)
    if count:
        messages.success(request, _("%(n)d sertifikat diterbitkan.") % {"n": count})
    else:
        messages.info(
            request,
            _("Tidak ada sertifikat baru: sertifikat hanya untuk peserta yang hadir setiap hari."),
        )
    return redirect("bimtek:detail", pk=bimtek.pk)


def _pdf_response(data: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def sertifikat_pdf(request, pk, ppk):
    bimtek, _can_write = bimtek_get_for(request.user, pk)
    peserta = peserta_get_for(request.user, bimtek, ppk)
    if not peserta.kode_sertifikat:
        raise Http404
    verify_url = request.build_absolute_uri(f"/bimtek/sertifikat/{peserta.kode_sertifikat}/")
    data = dokumen.sertifikat_pdf(peserta=peserta, hari=hari_list(bimtek), verify_url=verify_url)
    return _pdf_response(data, f"sertifikat-{peserta.pk}.pdf")


@login_required
@require_GET
def undangan_pdf(request, pk, spk):
    bimtek, _can_write = bimtek_get_for(request.user, pk)
    sasaran = sasaran_get_for(request.user, bimtek, spk)
    peserta = peserta_list_for(request.user, bimtek).filter(sasaran=sasaran)
    data = dokumen.undangan_pdf(
        bimtek=bimtek, sasaran=sasaran, peserta=list(peserta), hari=hari_list(bimtek)
    )
    return _pdf_response(data, f"undangan-{sasaran.kode_wilayah}.pdf")


@login_required
@require_GET
def daftar_hadir_pdf(request, pk):
    bimtek, _can_write = bimtek_get_for(request.user, pk)
    hari, rows = lembar_hadir(request.user, bimtek)
    data = dokumen.daftar_hadir_pdf(bimtek=bimtek, hari=hari, rows=rows)
    return _pdf_response(data, f"daftar-hadir-bimtek-{bimtek.pk}.pdf", inline=False)


@login_required
@require_GET
def daftar_hadir_xlsx(request, pk):
    bimtek, _can_write = bimtek_get_for(request.user, pk)
    hari, rows = lembar_hadir(request.user, bimtek)
    data = dokumen.daftar_hadir_xlsx(bimtek=bimtek, hari=hari, rows=rows)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="daftar-hadir-bimtek-{bimtek.pk}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def sertifikat_cek(request, kode):
    """Public certificate check (no login): the event, its dates, the holder's initials and
    desa; nothing else about the person."""
    peserta = sertifikat_verify(kode)
    context = {"peserta": peserta, "kode": kode}
    if peserta is not None:
        context["hari"] = hari_list(peserta.bimtek)
    return render(request, "bimtek/sertifikat_cek.html", context, status=200 if peserta else 404)


@login_required
@require_GET
def dampak_view(request, pk):
    """Trained desa beside untrained desa of the same kecamatan, before and after the event."""
    bimtek, can_write = bimtek_get_for(request.user, pk)
    context = {
        "bimtek": bimtek,
        "can_write": can_write,
        # Any manager of the trained desa (not only the organiser) follows its TKSK up.
        "can_follow_up": request.user.is_pengelola,
        **dampak_for(request.user, bimtek),
    }
    return render(request, "bimtek/dampak.html", context)


@login_required
@require_POST
def tindak_lanjut_view(request, pk):
    """Follow-up tasks for the TKSK of the trained desa (in the user's scope) that did not
    wake up; pressing it again adds none twice."""
    bimtek, _can_write = bimtek_get_for(request.user, pk)
    if not request.user.is_pengelola:
        raise PermissionDenied
    try:
        hasil = services.tindak_lanjut_bimtek_create(acting_user=request.user, bimtek=bimtek)
    except ValidationError as error:
        _flash_error(request, error)
        return redirect("bimtek:dampak", pk=bimtek.pk)
    messages.success(
        request,
        _("%(dibuat)d tindak lanjut dibuat untuk TKSK, %(sudah_ada)d sudah ada sebelumnya.")
        % hasil,
    )
    if hasil["desa_tanpa_tksk"]:
        messages.warning(
            request,
            _("Tanpa TKSK aktif di kecamatannya, belum ada penanggung jawab untuk: %(desa)s.")
            % {"desa": ", ".join(hasil["desa_tanpa_tksk"])},
        )
    return redirect("bimtek:dampak", pk=bimtek.pk)
