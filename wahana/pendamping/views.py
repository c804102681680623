"""Pages of the pendamping app. Thin: parse input, call one selector or service, render."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wahana.akun.scope import get_visible_or_404
from wahana.lib.nik import mask

from . import dokumen, selectors, services
from .forms import (
    AlasanForm,
    BulanForm,
    FotoForm,
    KunjunganForm,
    KunjunganUpdateForm,
    LaporanCreateForm,
    PendampingForm,
    PenugasanForm,
    ProgramDesaForm,
    ProgramForm,
    RingkasanForm,
    TindakLanjutForm,
    TindakLanjutUpdateForm,
)
from .models import Kunjungan, LaporanBulanan, Pendamping, PenugasanPsm, TindakLanjut

PER_PAGE = 50


def _page(request, qs):
    return Paginator(qs, PER_PAGE).get_page(request.GET.get("halaman"))


def _render(request, template, context, partial="hasil"):
    if request.htmx and partial:
        template = f"{template}#{partial}"
    return render(request, template, context)


def _require_registry(request):
    if not selectors.can_read_registry(request.user):
        raise Http404


def _apply_errors(form, error: ValidationError) -> None:
    pairs = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    for field, errors in pairs:
        target = field if field in form.fields else None
        if field == "wilayah" and "kode_wilayah" in form.fields:
            target = "kode_wilayah"
        for message in errors:
            form.add_error(target, message)


def _flash_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _is_worker(user) -> bool:
    pendamping = selectors.pendamping_of(user)
    return pendamping is not None and pendamping.aktif


# Registry ---------------------------------------------------------------------------------------


@login_required
def pendamping_list(request):
    _require_registry(request)
    jenis = request.GET.get("jenis", "")
    q = request.GET.get("q", "").strip()
    aktif = {"1": True, "0": False}.get(request.GET.get("aktif", "1"))
    qs = selectors.pendamping_list_visible_to(request.user, jenis=jenis, q=q, aktif=aktif)
    return _render(
        request,
        "pendamping/pendamping_list.html",
        {
            "page": _page(request, qs),
            "jenis": jenis,
            "q": q,
            "aktif": request.GET.get("aktif", "1"),
            "jenis_choices": Pendamping.Jenis.choices,
            "can_create": request.user.is_pengelola,
        },
    )


@login_required
def pendamping_create(request):
    if not request.user.is_pengelola:
        raise Http404
    form = PendampingForm(
        request.POST or None,
        request.FILES or None,
        acting_user=request.user,
        initial={"kode_wilayah": request.user.kode_wilayah, "aktif": True},
    )
    if request.method == "POST" and form.is_valid():
        try:
            pendamping = services.pendamping_create(
                acting_user=request.user, **form.service_kwargs()
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Pendamping %(nama)s dicatat.") % {"nama": pendamping.nama})
            return redirect("pendamping:detail", pendamping.pk)
    return render(request, "pendamping/pendamping_form.html", {"form": form, "baru": True})


@login_required
def pendamping_detail(request, pk):
    _require_registry(request)
    pendamping, can_write = selectors.pendamping_get_for(request.user, pk)
    today = timezone.localdate()
    context = {
        "pendamping": pendamping,
        "can_write": can_write,
        # Only the operator and the person themself see the whole NIK.
        "nik": pendamping.nik
        if can_write or selectors.is_own(request.user, pendamping)
        else mask(pendamping.nik),
        "penugasan": selectors.penugasan_list_for(pendamping),
        "kunjungan": selectors.kunjungan_list_visible_to(request.user, pendamping_id=pk)[:10],
        "laporan": selectors.laporan_batas_set(
            selectors.laporan_list_visible_to(request.user, pendamping_id=pk)[:12]
        ),
        "penugasan_form": PenugasanForm(dalam=request.user.kode_wilayah) if can_write else None,
        "masa_berakhir": pendamping.masa_berakhir_dalam(),
        "today": today,
    }
    return render(request, "pendamping/pendamping_detail.html", context)


@login_required
def pendamping_update(request, pk):
    _require_registry(request)
    pendamping, can_write = selectors.pendamping_get_for(request.user, pk)
    if not can_write:
        raise PermissionDenied
    form = PendampingForm(
        request.POST or None, request.FILES or None, instance=pendamping, acting_user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.pendamping_update(
                acting_user=request.user, pendamping=pendamping, **form.service_kwargs()
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Data pendamping disimpan."))
            return redirect("pendamping:detail", pendamping.pk)
    return render(
        request, "pendamping/pendamping_form.html", {"form": form, "pendamping": pendamping}
    )


@login_required
@require_POST
def penugasan_add(request, pk):
    _require_registry(request)
    pendamping, can_write = selectors.pendamping_get_for(request.user, pk)
    if not can_write:
        raise PermissionDenied
    form = PenugasanForm(request.POST)
    if form.is_valid():
        try:
            services.penugasan_psm_add(
                acting_user=request.user, pendamping=pendamping, **form.cleaned_data
            )
            messages.success(request, _("Penugasan desa ditambahkan."))
        except ValidationError as error:
            _flash_errors(request, error)
    else:
        messages.error(request, _("Isi kode desa."))
    return redirect("pendamping:detail", pendamping.pk)


@login_required
@require_POST
def penugasan_end(request, pk):
    _require_registry(request)
    penugasan = get_visible_or_404(
        PenugasanPsm.objects.select_related("pendamping"), request.user, pk=pk
    )
    try:
        services.penugasan_psm_end(acting_user=request.user, penugasan=penugasan)
        messages.success(request, _("Penugasan desa diakhiri."))
    except ValidationError as error:
        _flash_errors(request, error)
    return redirect("pendamping:detail", penugasan.pendamping_id)


@login_required
def cakupan(request):
    _require_registry(request)
    data = selectors.cakupan_for(request.user)
    return render(
        request,
        "pendamping/cakupan.html",
        {
            "cakupan": data,
            "kecamatan": data.kecamatan_tanpa_tksk[:300],
            "kecamatan_count": data.kecamatan_tanpa_tksk.count(),
            "desa": data.desa_tanpa_psm[:300],
            "desa_count": data.desa_tanpa_psm.count(),
            "masa_berakhir": data.masa_berakhir,
        },
    )


# Visits and follow-up tasks ---------------------------------------------------------------------


@login_required
def kunjungan_list(request):
    bulan = None
    if request.GET.get("bulan"):
        form = BulanForm(request.GET)
        bulan = form.cleaned_data["bulan"] if form.is_valid() else None
    qs = selectors.kunjungan_list_visible_to(request.user, bulan=bulan)
    can_create = request.user.is_pengelola or _is_worker(request.user)
    return _render(
        request,
        "pendamping/kunjungan_list.html",
        {
            "page": _page(request, qs),
            "bulan": request.GET.get("bulan", ""),
            "can_create": can_create,
        },
    )


@login_required
def kunjungan_create(request):
    if not (request.user.is_pengelola or _is_worker(request.user)):
        raise Http404
    own = selectors.pendamping_of(request.user)
    initial = {"tanggal": timezone.localdate(), "jenis": Kunjungan.Jenis.KUNJUNGAN}
    if own is not None:
        initial["pendamping"] = own.pk
    form = KunjunganForm(
        request.POST or None, request.FILES or None, acting_user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            kunjungan = services.kunjungan_create(acting_user=request.user, **form.service_kwargs())
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Kunjungan dicatat. Tambahkan tindak lanjut bila perlu."))
            return redirect("pendamping:kunjungan_detail", kunjungan.pk)
    return render(request, "pendamping/kunjungan_form.html", {"form": form})


@login_required
def kunjungan_detail(request, pk):
    kunjungan, can_write = selectors.kunjungan_get_for(request.user, pk)
    context = {
        "kunjungan": kunjungan,
        "can_write": can_write,
        "foto": kunjungan.foto_set.select_related("berkas"),
        "tindak_lanjut": selectors.tindak_lanjut_list_visible_to(
            request.user, kunjungan_id=kunjungan.pk
        ),
        "tindak_lanjut_form": TindakLanjutForm(
            acting_user=request.user,
            kunjungan=kunjungan,
            initial={"batas_waktu": timezone.localdate() + datetime.timedelta(days=14)},
        )
        if can_write
        else None,
        "foto_form": FotoForm() if can_write else None,
        "terkunci": services.bulan_terkunci(kunjungan.pendamping, kunjungan.tanggal),
    }
    return render(request, "pendamping/kunjungan_detail.html", context)


@login_required
def kunjungan_update(request, pk):
    kunjungan, can_write = selectors.kunjungan_get_for(request.user, pk)
    if not can_write:
        raise PermissionDenied
    form = KunjunganUpdateForm(
        request.POST or None, request.FILES or None, acting_user=request.user, kunjungan=kunjungan
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.kunjungan_update(
                acting_user=request.user, kunjungan=kunjungan, **form.service_kwargs()
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Kunjungan disimpan."))
            return redirect("pendamping:kunjungan_detail", kunjungan.pk)
    return render(
        request,
        "pendamping/kunjungan_form.html",
        {
            "form": form,
            "kunjungan": kunjungan,
            "terkunci": services.bulan_terkunci(kunjungan.pendamping, kunjungan.tanggal),
        },
    )


@login_required
@require_POST
def kunjungan_foto_add(request, pk):
    kunjungan, can_write = selectors.kunjungan_get_for(request.user, pk)
    if not can_write:
        raise PermissionDenied
    form = FotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.foto_add(
                acting_user=request.user,
                kunjungan=kunjungan,
                upload=form.cleaned_data["foto"],
                keterangan=form.cleaned_data["keterangan"],
            )
            messages.success(request, _("Foto ditambahkan."))
        except ValidationError as error:
            _flash_errors(request, error)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("pendamping:kunjungan_detail", kunjungan.pk)


@login_required
@require_POST
def tindak_lanjut_add(request, pk):
    kunjungan, can_write = selectors.kunjungan_get_for(request.user, pk)
    if not can_write:
        raise PermissionDenied
    form = TindakLanjutForm(request.POST, acting_user=request.user, kunjungan=kunjungan)
    if form.is_valid():
        try:
            services.tindak_lanjut_create(
                acting_user=request.user, kunjungan=kunjungan, **form.cleaned_data
            )
            messages.success(request, _("Tindak lanjut ditambahkan."))
        except ValidationError as error:
            _flash_errors(request, error)
    else:
        messages.error(request, _("Isi uraian dan batas waktu tindak lanjut."))
    return redirect("pendamping:kunjungan_detail", kunjungan.pk)


@login_required
def tindak_lanjut_list(request):
    status = request.GET.get("status", TindakLanjut.Status.TERBUKA)
    terlambat = request.GET.get("terlambat") == "1"
    qs = selectors.tindak_lanjut_list_visible_to(request.user, status=status, terlambat=terlambat)
    return _render(
        request,
        "pendamping/tindak_lanjut_list.html",
        {
            "page": _page(request, qs),
            "status": status,
            "terlambat": terlambat,
            "status_choices": TindakLanjut.Status.choices,
            "jumlah_terlambat": selectors.tindak_lanjut_list_visible_to(
                request.user, terlambat=True
            ).count(),
        },
    )


@login_required
def tindak_lanjut_update(request, pk):
    tugas, can_write = selectors.tindak_lanjut_get_for(request.user, pk)
    form = TindakLanjutUpdateForm(
        request.POST or None,
        initial={
            "status": tugas.status,
            "catatan": tugas.catatan,
            "batas_waktu": tugas.batas_waktu,
        },
    )
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.tindak_lanjut_update(
                    acting_user=request.user, tindak_lanjut=tugas, **form.cleaned_data
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Tindak lanjut diperbarui."))
                return redirect("pendamping:tindak_lanjut_list")
    return render(
        request,
        "pendamping/tindak_lanjut_form.html",
        {"tugas": tugas, "form": form, "can_write": can_write},
    )


# Programmes -------------------------------------------------------------------------------------


@login_required
def program_list(request):
    _require_registry(request)
    qs = selectors.program_list_visible_to(request.user)
    return render(
        request,
        "pendamping/program_list.html",
        {"page": _page(request, qs), "can_create": request.user.is_pengelola},
    )


@login_required
def program_create(request):
    if not request.user.is_pengelola:
        raise Http404
    form = ProgramForm(request.POST or None, acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(acting_user=request.user, **form.cleaned_data)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Program dicatat. Tambahkan desa sasarannya."))
            return redirect("pendamping:program_detail", program.pk)
    return render(request, "pendamping/program_form.html", {"form": form, "baru": True})


@login_required
def program_detail(request, pk):
    _require_registry(request)
    program, can_write = selectors.program_get_for(request.user, pk)
    rows = list(selectors.program_desa_list_for(request.user, program))
    for row in rows:
        row.didampingi = selectors.program_desa_didampingi(row)
    return render(
        request,
        "pendamping/program_detail.html",
        {
            "program": program,
            "can_write": can_write,
            "rows": rows,
            "didampingi": sum(1 for row in rows if row.didampingi),
            "desa_form": ProgramDesaForm(acting_user=request.user, program=program)
            if can_write
            else None,
        },
    )


@login_required
def program_update(request, pk):
    _require_registry(request)
    program, can_write = selectors.program_get_for(request.user, pk)
    if not can_write:
        raise PermissionDenied
    form = ProgramForm(request.POST or None, instance=program, acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "kode_wilayah"}
        try:
            services.program_update(acting_user=request.user, program=program, **data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Program disimpan."))
            return redirect("pendamping:program_detail", program.pk)
    return render(request, "pendamping/program_form.html", {"form": form, "program": program})


@login_required
@require_POST
def program_desa_set(request, pk):
    _require_registry(request)
    program, can_write = selectors.program_get_for(request.user, pk)
    if not can_write:
        raise PermissionDenied
    form = ProgramDesaForm(request.POST, acting_user=request.user, program=program)
    if form.is_valid():
        try:
            services.program_desa_set(
                acting_user=request.user, program=program, **form.cleaned_data
            )
            messages.success(request, _("Desa sasaran disimpan."))
        except ValidationError as error:
            _flash_errors(request, error)
    else:
        messages.error(request, _("Isi kode desa."))
    return redirect("pendamping:program_detail", program.pk)


# Monthly reports --------------------------------------------------------------------------------


def _bulan_param(request) -> datetime.date | None:
    if not request.GET.get("bulan"):
        return None
    form = BulanForm(request.GET)
    return form.cleaned_data["bulan"] if form.is_valid() else None


@login_required
def laporan_list(request):
    _require_registry(request)
    status = request.GET.get("status", "")
    qs = selectors.laporan_list_visible_to(request.user, bulan=_bulan_param(request), status=status)
    page = _page(request, qs)
    page.object_list = selectors.laporan_batas_set(page.object_list)
    return _render(
        request,
        "pendamping/laporan_list.html",
        {
            "page": page,
            "bulan": request.GET.get("bulan", ""),
            "status": status,
            "status_choices": LaporanBulanan.Status.choices,
            "can_create": request.user.is_pengelola or _is_worker(request.user),
        },
    )


@login_required
def laporan_create(request):
    if not (request.user.is_pengelola or _is_worker(request.user)):
        raise Http404
    own = selectors.pendamping_of(request.user)
    form = LaporanCreateForm(
        request.POST or None,
        acting_user=request.user,
        initial={"pendamping": own.pk if own else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            laporan = services.laporan_create(acting_user=request.user, **form.cleaned_data)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect("pendamping:laporan_detail", laporan.pk)
    return render(request, "pendamping/laporan_form.html", {"form": form})


@login_required
def laporan_rekap(request):
    _require_registry(request)
    bulan = _bulan_param(request) or (
        timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    ).replace(day=1)
    rows = selectors.laporan_rekap(request.user, bulan=bulan)
    # Each kabupaten sets its own deadline: the page names every one that applies to its rows
    # (with no row, the one of the user's own area).
    batas = sorted({r.batas for r in rows}) or [
        LaporanBulanan(wilayah_id=request.user.kode_wilayah or "", bulan=bulan).batas
    ]
    counts = {
        "total": len(rows),
        "belum": sum(1 for r in rows if r.laporan is None or r.laporan.diajukan_pertama is None),
        "tepat": sum(1 for r in rows if r.laporan and r.laporan.tepat_waktu),
        "terlambat": sum(1 for r in rows if r.laporan and r.laporan.tepat_waktu is False),
    }
    return render(
        request,
        "pendamping/laporan_rekap.html",
        {
            "rows": rows,
            "bulan": bulan,
            "batas": ", ".join(date_format(b) for b in batas),
            "counts": counts,
        },
    )


@login_required
def laporan_detail(request, pk):
    _require_registry(request)
    laporan, can_write = selectors.laporan_get_for(request.user, pk)
    form = RingkasanForm(request.POST or None, initial={"ringkasan": laporan.ringkasan})
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.laporan_update(
                    acting_user=request.user, laporan=laporan, **form.cleaned_data
                )
            except ValidationError as error:
                _flash_errors(request, error)
            else:
                messages.success(request, _("Ringkasan disimpan."))
            return redirect("pendamping:laporan_detail", laporan.pk)
    baris = selectors.laporan_baris(laporan)
    can_decide = selectors.can_manage(request.user, laporan.kode_wilayah)
    return render(
        request,
        "pendamping/laporan_detail.html",
        {
            "laporan": laporan,
            "header": dokumen.header_rows(laporan),
            "judul": dokumen.judul(laporan),
            "baris": baris,
            "foto": selectors.laporan_foto(laporan, baris),
            "versi": selectors.laporan_versi_list(laporan),
            "can_write": can_write and laporan.dapat_diubah,
            "can_amend": can_write and laporan.status == LaporanBulanan.Status.DISETUJUI,
            "can_decide": can_decide and laporan.status == LaporanBulanan.Status.DIAJUKAN,
            "form": form,
            "alasan_form": AlasanForm(),
        },
    )


def _laporan_action(request, pk, action, *, success: str, alasan: bool = False):
    laporan, _can_write = selectors.laporan_get_for(request.user, pk)
    kwargs = {}
    if alasan:
        form = AlasanForm(request.POST)
        kwargs["alasan"] = form.data.get("alasan", "")
    if action is services.laporan_submit and "ringkasan" in request.POST:
        kwargs["ringkasan"] = request.POST["ringkasan"]
    try:
        result = action(acting_user=request.user, laporan=laporan, **kwargs)
    except ValidationError as error:
        _flash_errors(request, error)
        return redirect("pendamping:laporan_detail", laporan.pk)
    messages.success(request, success)
    return redirect("pendamping:laporan_detail", result.pk)


@login_required
@require_POST
def laporan_submit(request, pk):
    _require_registry(request)
    return _laporan_action(request, pk, services.laporan_submit, success=_("Laporan diajukan."))


@login_required
@require_POST
def laporan_approve(request, pk):
    _require_registry(request)
    return _laporan_action(request, pk, services.laporan_approve, success=_("Laporan disetujui."))


@login_required
@require_POST
def laporan_return(request, pk):
    _require_registry(request)
    return _laporan_action(
        request,
        pk,
        services.laporan_return,
        success=_("Laporan dikembalikan untuk revisi."),
        alasan=True,
    )


@login_required
@require_POST
def laporan_reject(request, pk):
    _require_registry(request)
    return _laporan_action(
        request, pk, services.laporan_reject, success=_("Laporan ditolak."), alasan=True
    )


@login_required
@require_POST
def laporan_amend(request, pk):
    _require_registry(request)
    return _laporan_action(
        request,
        pk,
        services.laporan_amend,
        success=_("Perubahan laporan dibuat. Laporan asli tetap tersimpan."),
    )


@login_required
def laporan_pdf(request, pk):
    _require_registry(request)
    laporan, _can_write = selectors.laporan_get_for(request.user, pk)
    response = HttpResponse(dokumen.laporan_pdf(laporan), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{dokumen.nama_berkas(laporan, "pdf")}"'
    return response


@login_required
def laporan_xlsx(request, pk):
    _require_registry(request)
    laporan, _can_write = selectors.laporan_get_for(request.user, pk)
    response = HttpResponse(
        dokumen.laporan_xlsx(laporan),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{dokumen.nama_berkas(laporan, "xlsx")}"'
    )
    return response
