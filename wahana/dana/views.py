from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wahana.audit.services import audit_record
from wahana.config.routers import baca_replika
from wahana.kegiatan.selectors import ppks_pilihan_for
from wahana.wksbm.models import Wksbm

from .akses import PENULIS_BUKU
from .bulan import bulan_berikut, bulan_ini, bulan_sebelum, parse_bulan
from .ekspor import buku_pdf, buku_xlsx, nama_file
from .forms import (
    KoreksiForm,
    PenerimaanForm,
    PengeluaranForm,
    UsulanForm,
    UsulanStatusForm,
    VerifikasiTutupForm,
)
from .models import EntriKas, TutupBuku, UsulanDanaDesa
from .selectors import (
    buku_kas_bulan,
    buku_kas_get_for,
    buku_kas_list_visible_to,
    buku_kas_of,
    bulan_terbuka_berikut,
    entri_kas_get_for,
    entri_kas_list_visible_to,
    entri_kas_totals,
    pengurus_penandatangan,
    tutup_buku_get_for,
    tutup_buku_list_visible_to,
    usulan_get_for,
    usulan_list_visible_to,
    usulan_penerimaan_pilihan,
    usulan_totals,
    wksbm_visible_to,
)
from .services import (
    entri_kas_disburse,
    entri_kas_receive,
    entri_kas_reverse,
    tutup_buku_close,
    tutup_buku_verify,
    usulan_create,
    usulan_status_update,
)

PER_PAGE = 50


def apply_errors(form, error: ValidationError) -> None:
    items = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    for field, errors in items:
        target = field if field in form.fields else None
        for message in errors:
            form.add_error(target, message)


def _page(request, qs):
    return Paginator(qs, PER_PAGE).get_page(request.GET.get("halaman"))


def _render(request, template, context, partial="hasil"):
    if request.htmx and partial:
        template = f"{template}#{partial}"
    return render(request, template, context)


@login_required
def buku_list(request):
    """The books of every WKSBM in scope: balance, entries, last closed month."""
    kode = request.GET.get("wilayah", "").strip()
    q = request.GET.get("q", "").strip()
    qs = buku_kas_list_visible_to(request.user, kode_wilayah=kode, q=q)
    entri = entri_kas_list_visible_to(request.user, kode_wilayah=kode)
    context = {
        "page": _page(request, qs),
        "jumlah": qs.count(),
        "totals": entri_kas_totals(entri),
        "q": q,
        "wilayah": kode,
    }
    return _render(request, "dana/buku_list.html", context)


@login_required
def entri_list(request):
    """Entries across the scope, filtered, with totals."""
    g = request.GET
    dari, sampai = parse_bulan(g.get("dari")), parse_bulan(g.get("sampai"))
    qs = entri_kas_list_visible_to(
        request.user,
        kode_wilayah=g.get("wilayah", "").strip(),
        arah=g.get("arah", "") if g.get("arah") in EntriKas.Arah.values else "",
        sumber=g.get("sumber", "") if g.get("sumber") in EntriKas.Sumber.values else "",
        tujuan=g.get("tujuan", "") if g.get("tujuan") in EntriKas.Tujuan.values else "",
        dari=dari,
    )
    if sampai:
        qs = qs.filter(bulan__lte=sampai)
    context = {
        "page": _page(request, qs),
        "totals": entri_kas_totals(qs),
        "f": g,
        "arah_pilihan": EntriKas.Arah.choices,
        "sumber_pilihan": EntriKas.Sumber.choices,
        "tujuan_pilihan": EntriKas.Tujuan.choices,
    }
    return _render(request, "dana/entri_list.html", context)


@login_required
def buku_detail(request, wksbm_pk):
    """The cash book of one WKSBM for one month (default: the current month)."""
    wksbm, can_write = buku_kas_get_for(request.user, wksbm_pk)
    bulan = parse_bulan(request.GET.get("bulan")) or bulan_ini()
    buku = buku_kas_bulan(wksbm, bulan)
    kas = buku_kas_of(wksbm)
    berikut = bulan_terbuka_berikut(wksbm)
    context = {
        "wksbm": wksbm,
        "buku": buku,
        "kas": kas,
        "can_write": can_write,
        "bulan_lalu": bulan_sebelum(bulan),
        "bulan_depan": bulan_berikut(bulan) if bulan < bulan_ini() else None,
        "bisa_tutup": can_write and berikut is not None and berikut == bulan <= bulan_ini(),
        "bulan_tutup_berikut": berikut,
        "tutup_list": tutup_buku_list_visible_to(request.user, wksbm_id=wksbm.pk)[:24],
    }
    return render(request, "dana/buku_detail.html", context)


def _buku_for_export(request, wksbm_pk, fmt: str):
    wksbm, _can_write = buku_kas_get_for(request.user, wksbm_pk)
    bulan = parse_bulan(request.GET.get("bulan")) or bulan_ini()
    # Descriptions may name the PPKS who were helped: each download is on the record.
    audit_record(
        actor=request.user,
        aksi="buku_kas_diunduh",
        objek=wksbm,
        keterangan=f"{bulan:%Y-%m} {fmt}",
    )
    return buku_kas_bulan(wksbm, bulan)


@login_required
@baca_replika
def buku_xlsx_view(request, wksbm_pk):
    buku = _buku_for_export(request, wksbm_pk, "xlsx")
    response = HttpResponse(
        buku_xlsx(buku),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{nama_file(buku, "xlsx")}"'
    return response


@login_required
@baca_replika
def buku_pdf_view(request, wksbm_pk):
    buku = _buku_for_export(request, wksbm_pk, "pdf")
    response = HttpResponse(
        buku_pdf(buku, pengurus_penandatangan(buku.wksbm)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{nama_file(buku, "pdf")}"'
    return response


def _writable_wksbm(request, wksbm_pk):
    wksbm, can_write = buku_kas_get_for(request.user, wksbm_pk)
    if not can_write:
        raise PermissionDenied
    return wksbm


def _back_to_book(wksbm, tanggal):
    return redirect(f"/dana/wksbm/{wksbm.pk}/?bulan={tanggal:%Y-%m}")


@login_required
def entri_masuk(request, wksbm_pk):
    wksbm = _writable_wksbm(request, wksbm_pk)
    form = PenerimaanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            entri = entri_kas_receive(
                acting_user=request.user,
                wksbm=wksbm,
                tanggal=d["tanggal"],
                sumber=d["sumber"],
                jumlah=d["jumlah"],
                uraian=d["uraian"],
                kuantitas=d["kuantitas"],
                satuan=d["satuan"],
                bukti_upload=d["bukti"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Penerimaan #%(n)s dicatat.") % {"n": entri.urutan})
            return _back_to_book(wksbm, entri.tanggal)
    return render(
        request,
        "dana/entri_form.html",
        {"form": form, "wksbm": wksbm, "judul": _("Catat penerimaan")},
    )


@login_required
def entri_keluar(request, wksbm_pk):
    wksbm = _writable_wksbm(request, wksbm_pk)
    form = PengeluaranForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        wksbm=wksbm,
        initial={"ppks": request.GET.get("ppks")},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            entri = entri_kas_disburse(
                acting_user=request.user,
                wksbm=wksbm,
                tanggal=d["tanggal"],
                tujuan=d["tujuan"],
                jumlah=d["jumlah"],
                uraian=d["uraian"],
                ppks=d["ppks"],
                kegiatan=d["kegiatan"],
                jenis_layanan=d["jenis_layanan"],
                bukti_upload=d["bukti"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Pengeluaran #%(n)s dicatat.") % {"n": entri.urutan})
            return _back_to_book(wksbm, entri.tanggal)
    kas = buku_kas_of(wksbm)
    return render(
        request,
        "dana/entri_form.html",
        {
            "form": form,
            "wksbm": wksbm,
            "judul": _("Catat pengeluaran"),
            "saldo": kas.saldo if kas else 0,
        },
    )


@login_required
def entri_detail(request, pk):
    entri, can_write = entri_kas_get_for(request.user, pk)
    dibalik = EntriKas.objects.filter(membalik=entri).first()
    ppks_terlihat = (
        entri.ppks_id
        and ppks_pilihan_for(request.user, entri.kode_wilayah).filter(pk=entri.ppks_id).exists()
    )
    context = {
        "entri": entri,
        "dibalik": dibalik,
        "can_reverse": can_write and entri.membalik_id is None and dibalik is None,
        "ppks_terlihat": ppks_terlihat,
    }
    return render(request, "dana/entri_detail.html", context)


@login_required
def entri_koreksi(request, pk):
    entri, can_write = entri_kas_get_for(request.user, pk)
    if not can_write:
        raise PermissionDenied
    form = KoreksiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pembalik = entri_kas_reverse(
                acting_user=request.user,
                entri=entri,
                tanggal=form.cleaned_data["tanggal"],
                alasan=form.cleaned_data["alasan"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Entri #%(n)s dikoreksi dengan entri pembalik #%(m)s.")
                % {"n": entri.urutan, "m": pembalik.urutan},
            )
            return _back_to_book(entri.wksbm, pembalik.tanggal)
    return render(
        request,
        "dana/entri_form.html",
        {
            "form": form,
            "wksbm": entri.wksbm,
            "entri": entri,
            "judul": _("Koreksi entri #%(n)s") % {"n": entri.urutan},
        },
    )


@login_required
@require_POST
def tutup_create(request, wksbm_pk):
    wksbm = _writable_wksbm(request, wksbm_pk)
    bulan = parse_bulan(request.POST.get("bulan"))
    if bulan is None:
        messages.error(request, _("Pilih bulan yang ditutup."))
        return redirect("dana:buku_detail", wksbm_pk=wksbm.pk)
    try:
        tutup = tutup_buku_close(acting_user=request.user, wksbm=wksbm, bulan=bulan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Buku kas bulan %(b)s ditutup.") % {"b": tutup.bulan.strftime("%m/%Y")}
        )
    return _back_to_book(wksbm, bulan)


@login_required
def tutup_list(request):
    """Month closings in scope; the TKSK verifies the ones waiting."""
    status = request.GET.get("status", "")
    status = status if status in TutupBuku.Status.values else ""
    qs = tutup_buku_list_visible_to(
        request.user, kode_wilayah=request.GET.get("wilayah", "").strip(), status=status
    )
    context = {
        "page": _page(request, qs),
        "status": status,
        "status_pilihan": TutupBuku.Status.choices,
        "form": VerifikasiTutupForm(),
    }
    return _render(request, "dana/tutup_list.html", context)


@login_required
@require_POST
def tutup_verify(request, pk):
    tutup, may_verify = tutup_buku_get_for(request.user, pk)
    if not may_verify:
        raise PermissionDenied
    form = VerifikasiTutupForm(request.POST)
    form.is_valid()
    try:
        tutup_buku_verify(
            acting_user=request.user, tutup=tutup, catatan=form.cleaned_data.get("catatan", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Tutup buku %(w)s bulan %(b)s diverifikasi.")
            % {"w": tutup.wksbm.nama, "b": tutup.bulan.strftime("%m/%Y")},
        )
    kembali = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(kembali, allowed_hosts={request.get_host()}):
        kembali = reverse("dana:tutup_list")
    return redirect(kembali)


@login_required
def usulan_list(request):
    g = request.GET
    status = g.get("status", "") if g.get("status") in UsulanDanaDesa.Status.values else ""
    tahun = int(g["tahun"]) if g.get("tahun", "").isdigit() else None
    qs = usulan_list_visible_to(
        request.user, kode_wilayah=g.get("wilayah", "").strip(), tahun=tahun, status=status
    )
    context = {
        "page": _page(request, qs),
        "totals": usulan_totals(qs),
        "f": g,
        "status_pilihan": UsulanDanaDesa.Status.choices,
    }
    return _render(request, "dana/usulan_list.html", context)


@login_required
def usulan_create_view(request):
    wksbm_pk = request.GET.get("wksbm") or request.POST.get("wksbm") or ""
    # can_write_buku is role and scope: a writing role writes every WKSBM it can see.
    writable = (
        wksbm_visible_to(request.user).select_related("wilayah").order_by("wilayah_id")
        if request.user.peran in PENULIS_BUKU
        else Wksbm.objects.none()
    )
    if not writable.exists():
        raise PermissionDenied
    wksbm = writable.filter(pk=wksbm_pk).first() if wksbm_pk.isdigit() else None
    if wksbm is None and writable.count() == 1:
        wksbm = writable.first()
    form = UsulanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and wksbm is None:
        form.is_valid()
        form.add_error(None, _("Pilih WKSBM pengusul."))
    elif request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            usulan = usulan_create(
                acting_user=request.user,
                wksbm=wksbm,
                tahun=d["tahun"],
                judul=d["judul"],
                bidang=d["bidang"],
                jumlah=d["jumlah"],
                sumber=d["sumber"],
                jenis_ppks=d["jenis_ppks"],
                jumlah_penerima=d["jumlah_penerima"],
                tanggal_musdes=d["tanggal_musdes"],
                berita_acara_upload=d["berita_acara"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Usulan dicatat."))
            return redirect("dana:usulan_detail", pk=usulan.pk)
    return render(
        request,
        "dana/usulan_form.html",
        {"form": form, "wksbm": wksbm, "pilihan_wksbm": writable[:200]},
    )


def _usulan_status_form(usulan, data=None):
    return UsulanStatusForm(data, usulan=usulan, penerimaan=usulan_penerimaan_pilihan(usulan))


@login_required
def usulan_detail(request, pk):
    usulan, can_write = usulan_get_for(request.user, pk)
    return render(
        request,
        "dana/usulan_detail.html",
        _usulan_context(usulan, can_write, _usulan_status_form(usulan)),
    )


def _usulan_context(usulan, can_write, form):
    return {
        "usulan": usulan,
        "can_write": can_write and bool(usulan.status_berikut),
        "form": form,
        "riwayat": usulan.riwayat_set.select_related("oleh"),
        "penerimaan": usulan.penerimaan.order_by("urutan"),
        "kegiatan": usulan.kegiatan.order_by("tanggal"),
        "jenis_ppks": usulan.jenis_ppks.all(),
    }


@login_required
@require_POST
def usulan_status(request, pk):
    usulan, can_write = usulan_get_for(request.user, pk)
    if not can_write:
        raise PermissionDenied
    form = _usulan_status_form(usulan, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            usulan_status_update(
                acting_user=request.user,
                usulan=usulan,
                status=d["status"],
                tanggal=d["tanggal"],
                catatan=d["catatan"],
                realisasi_jumlah=d["realisasi_jumlah"],
                penerimaan=d["penerimaan"],
                kegiatan=d["kegiatan"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Status usulan diperbarui."))
            return redirect("dana:usulan_detail", pk=usulan.pk)
    return render(request, "dana/usulan_detail.html", _usulan_context(usulan, True, form))
