from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wahana.akun.scope import get_visible_or_404, in_scope
from wahana.berkas.models import Berkas
from wahana.berkas.services import berkas_store
from wahana.config.routers import baca_replika
from wahana.lib import kode as kodelib

from . import agregat, selectors, services
from .forms import AgregatEksporForm, AgregatImporForm, KopForm, LaporanForm
from .kop import kop_for
from .models import Kop


def _object_in_scope(model_path: str, user, pk):
    from django.apps import apps

    model = apps.get_model(model_path)
    try:
        return get_visible_or_404(model.objects.all(), user, pk=pk)
    except Http404 as error:
        raise ValidationError(_("Data tidak ditemukan di cakupan Anda.")) from error


@login_required
def daftar(request):
    """Ask for a report (made in the background) and see one's reports."""
    initial = {"wilayah": request.user.kode_wilayah, **request.GET.dict()}
    form = LaporanForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        spec = services.JENIS[data["jenis"]]
        try:
            wksbm = (
                _object_in_scope("wksbm.Wksbm", request.user, data["wksbm"])
                if spec.wksbm and data["wksbm"]
                else None
            )
            bimtek = (
                _object_in_scope("bimtek.Bimtek", request.user, data["bimtek"])
                if spec.bimtek and data["bimtek"]
                else None
            )
            tugas = services.laporan_request(
                acting_user=request.user,
                jenis=data["jenis"],
                format=data["format"],
                kode_wilayah=data["wilayah"],
                bulan=data["bulan"],
                wksbm=wksbm,
                bimtek=bimtek,
                situs=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Laporan sedang dibuat di latar belakang."))
            return redirect("tugas:detail", tugas.pk)
    context = {
        "form": form,
        "laporan": selectors.laporan_saya(request.user)[:50],
        "kode_kop": _kop_code(request.user),
        "jenis": services.JENIS.values(),
    }
    return render(request, "laporan/daftar.html", context)


@login_required
@require_GET
def lonceng(request):
    """The report bell alone, for the header's polling while a report is being made."""
    return render(
        request, "laporan/_lonceng.html", {"lonceng": selectors.lonceng_for(request.user)}
    )


def _kop_code(user) -> str:
    """The office whose letterhead the user may set (their kabupaten or province), or ''."""
    kode = user.kode_wilayah
    if kode and kodelib.tingkat(kode) <= kodelib.TINGKAT_KABUPATEN:
        return kode if services.can_configure_kop(user, kode) else ""
    return ""


@login_required
def kop_edit(request, kode):
    if not kodelib.is_valid(kode) or not in_scope(request.user, kode):
        raise Http404
    if not services.can_configure_kop(request.user, kode):
        raise PermissionDenied
    kop = Kop.objects.filter(wilayah_id=kode).first() or kop_for(kode)
    initial = {f: getattr(kop, f) for f in services.KOP_FIELDS if f != "logo"}
    form = KopForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        upload = fields.pop("logo")
        try:
            if upload:
                fields["logo"] = berkas_store(
                    acting_user=request.user,
                    upload=upload,
                    kode_wilayah=kode,
                    jenis=Berkas.Jenis.FOTO,
                )
            services.kop_save(acting_user=request.user, kode=kode, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Kop laporan disimpan."))
            return redirect("laporan:kop", kode)
    return render(request, "laporan/kop.html", {"form": form, "kop": kop, "kode": kode})


@login_required
def agregat_view(request):
    """Exchange of aggregate packages: export one's region, import the packages of others."""
    ekspor = AgregatEksporForm(request.GET or None, user=request.user)
    impor = AgregatImporForm()
    context = {
        "ekspor": ekspor,
        "impor": impor,
        "boleh_impor": agregat.can_import(request.user, request.user.kode_wilayah),
        "daftar": selectors.agregat_list_visible_to(request.user)[:200],
        "versi": agregat.SKEMA_VERSI,
    }
    return render(request, "laporan/agregat.html", context)


@login_required
@require_GET
@baca_replika
def agregat_ekspor(request):
    form = AgregatEksporForm(request.GET, user=request.user)
    if not form.is_valid():
        return render(
            request,
            "laporan/agregat.html",
            {
                "ekspor": form,
                "impor": AgregatImporForm(),
                "daftar": [],
                "versi": agregat.SKEMA_VERSI,
            },
            status=400,
        )
    kode, bulan = form.cleaned_data["wilayah"], form.cleaned_data["bulan"]
    if not in_scope(request.user, kode):
        raise Http404
    data = agregat.paket(kode, bulan)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="agregat-{kode}-{bulan:%Y-%m}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def agregat_impor(request):
    form = AgregatImporForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            hasil = agregat.agregat_import(
                acting_user=request.user, data=form.cleaned_data["paket"].read()
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _pesan_impor(hasil))
    else:
        messages.error(request, _("Pilih berkas paket agregat."))
    return redirect("laporan:agregat")


def _pesan_impor(hasil: dict) -> str:
    teks = {
        "baru": _("Agregat %(kode)s %(bulan)s diimpor (%(baris)s wilayah)."),
        "diganti": _("Agregat %(kode)s %(bulan)s diganti dengan paket yang lebih baru."),
        "sama": _("Paket %(kode)s %(bulan)s sudah diimpor; tidak ada perubahan."),
        "lebih_lama": _("Paket %(kode)s %(bulan)s lebih lama dari yang tersimpan; diabaikan."),
    }[hasil["hasil"]]
    return teks % hasil
