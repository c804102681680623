from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from wahana.akun.ratelimit import rate_limit
from wahana.config.routers import untuk_baca

from . import ekspor, rules, selectors, services
from . import impor as impor_module
from .forms import (
    AlasanForm,
    ImporForm,
    LayananForm,
    NikSearchForm,
    PpksForm,
    RevealForm,
    RujukanForm,
    RujukanStatusForm,
)
from .models import DuplikatPpks, ImporBaris, ImporPpks, JenisPpks, Ppks

PER_PAGE = 50


class PaginatorTerbatas(Paginator):
    """Pages of a list whose total is counted up to `BATAS` rows: the count reads at most
    BATAS + 1 entries (`SELECT COUNT(*) FROM (... LIMIT BATAS + 1)`) whatever the filter, so a
    1M-row kabupaten costs what a 10k one does. Below the cap the total is exact; above it the
    page says "lebih dari BATAS" and opens the first BATAS rows (nobody pages 50 at a time
    beyond that, and a deep OFFSET is itself a scan). Exact totals by kind and region are the
    counts page and the reports, which count once for a purpose, not on every page turn."""

    BATAS = 10_000

    def __init__(self, object_list, per_page, *, hitung=None):
        super().__init__(object_list, per_page)
        # What to count when the pages are not a queryset (a name search's two walks).
        self.hitung = object_list if hitung is None else hitung

    @cached_property
    def count(self) -> int:
        # Without ordering: any BATAS + 1 rows prove "more", none need sorting first.
        return self.hitung.order_by()[: self.BATAS + 1].count()

    @cached_property
    def lebih(self) -> bool:
        """Whether more rows match than were counted (the total shown is then a floor)."""
        return self.count > self.BATAS

    @cached_property
    def num_pages(self) -> int:
        if self.lebih:
            return max(1, self.BATAS // self.per_page)
        return super().num_pages


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            target = name if name in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _filter_context(request, filters: selectors.Filter) -> dict:
    return {
        "filters": filters,
        "jenis_list": JenisPpks.objects.all(),
        "status_list": [
            *[(s.value, s.label) for s in Ppks.Status if s != Ppks.Status.DIGABUNG],
            ("perlu_dicek", _("Perlu dicek")),
        ],
        "desil_list": range(1, 11),
        "query": "&".join(f"{k}={v}" for k, v in filters.as_params().items()),
    }


@login_required
@rate_limit("cari", "120/m")
def ppks_list(request):
    """The working list. Pimpinan (counts only) sees the aggregate, never a name."""
    filters = selectors.Filter.from_params(request.GET)
    context = _filter_context(request, filters)
    if not rules.can_see_names(request.user):
        context["ringkasan"] = selectors.ppks_counts_for(request.user, filters)
        return render(request, "ppks/ringkasan.html", context)
    qs = (
        selectors.ppks_list_visible_to(request.user, filters)
        .select_related("wilayah")
        .prefetch_related("jenis")
    )
    pages = selectors.ppks_list_pages(qs, filters)
    page = PaginatorTerbatas(pages, PER_PAGE, hitung=qs).get_page(request.GET.get("hal"))
    context |= {
        "page": page,
        "can_create": rules.can_see_names(request.user),
        "can_review": rules.can_review(request.user),
        "can_import": rules.can_import(request.user),
        "can_full_export": rules.can_full_export(request.user),
        "nik_form": NikSearchForm(),
    }
    template = "ppks/list.html#hasil" if request.htmx else "ppks/list.html"
    return render(request, template, context)


@login_required
@require_POST
@never_cache
@rate_limit("ppks_cari_nik", "30/m")
def ppks_search_nik(request):
    """Search by NIK: the number travels in the POST body, never in a URL or a log line."""
    if not rules.can_see_names(request.user):
        raise Http404
    form = NikSearchForm(request.POST)
    if form.is_valid():
        found = selectors.ppks_find_by_nik(request.user, form.cleaned_data["nik"])
        if found is not None:
            return redirect("ppks:detail", pk=found.pk)
        messages.info(request, _("Tidak ada PPKS dengan NIK itu di wilayah Anda."))
    else:
        messages.error(request, _("Masukkan NIK yang dicari."))
    return redirect("ppks:list")


@login_required
@never_cache
def ppks_detail(request, pk, terungkap=None, reveal_form=None):
    ppks, can_write = selectors.ppks_get_for(request.user, pk)
    context = {
        "ppks": ppks,
        "can_write": can_write,
        "can_erase": rules.can_full_export(request.user) and ppks.status != Ppks.Status.DIHAPUS,
        "jenis": ppks.jenis.all(),
        "keluarga": selectors.ppks_household(request.user, ppks).select_related("wilayah")[:30],
        "layanan": selectors.layanan_list_for(request.user, ppks),
        "rujukan": selectors.rujukan_list_for(request.user, ppks),
        "audit": selectors.ppks_audit_for(request.user, ppks),
        "reveal_form": reveal_form or RevealForm(),
        "terungkap": terungkap,
        "status_form": RujukanStatusForm(),
        "alasan_form": AlasanForm(),
    }
    if request.htmx and terungkap is not None:
        return render(request, "ppks/detail.html#identitas", context)
    return render(request, "ppks/detail.html", context)


@login_required
@require_POST
@never_cache
def ppks_reveal(request, pk):
    """Show the full NIK/No KK for a stated reason. Audited as `nik_dilihat`."""
    ppks, _can_write = selectors.ppks_get_for(request.user, pk)
    form = RevealForm(request.POST)
    if form.is_valid():
        try:
            shown = services.ppks_reveal(
                acting_user=request.user, ppks=ppks, alasan=form.cleaned_data["alasan"]
            )
        except PermissionDenied as error:
            raise Http404 from error
        return ppks_detail(request, pk, terungkap=shown)
    return ppks_detail(request, pk, reveal_form=form)


def _form_view(request, *, ppks=None):
    editing = ppks is not None
    form = PpksForm(
        request.POST or None,
        acting_user=request.user,
        editing=editing,
        # A separate instance: the form writes into it while validating, the service compares
        # the stored record before and after.
        instance=Ppks.objects.get(pk=ppks.pk) if editing else None,
        initial={
            "kode_wilayah": ppks.kode_wilayah if editing else request.user.kode_wilayah,
        },
    )
    kandidat = None
    if request.method == "POST" and form.is_valid():
        try:
            if editing:
                saved = services.ppks_update(
                    acting_user=request.user, ppks=ppks, **form.service_kwargs()
                )
            else:
                saved = services.ppks_create(
                    acting_user=request.user,
                    konfirmasi_duplikat=form.cleaned_data.get("konfirmasi_duplikat", False),
                    **form.service_kwargs(),
                )
        except services.DuplikatDitemukan as found:
            kandidat = found.kandidat
            form.show_duplicate_confirmation()
            form.add_error(None, found.message)
        except PermissionDenied as error:
            form.add_error("kode_wilayah", str(error))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Data PPKS %(nama)s tersimpan.") % {"nama": saved.nama})
            if saved.perlu_dicek:
                messages.warning(
                    request,
                    _("Data ditandai perlu dicek: %(alasan)s") % {"alasan": saved.alasan_dicek},
                )
            return redirect("ppks:detail", pk=saved.pk)
    return render(request, "ppks/form.html", {"form": form, "ppks": ppks, "kandidat": kandidat})


@login_required
def ppks_create_view(request):
    if not rules.can_see_names(request.user):
        raise Http404
    return _form_view(request)


@login_required
def ppks_edit_view(request, pk):
    ppks, can_write = selectors.ppks_get_for(request.user, pk)
    if not can_write:
        raise Http404
    return _form_view(request, ppks=ppks)


@login_required
@require_POST
def ppks_archive_view(request, pk):
    ppks, _can_write = selectors.ppks_get_for(request.user, pk)
    form = AlasanForm(request.POST)
    restore = request.POST.get("pulihkan") == "1"
    if not rules.can_write(request.user, ppks.kode_wilayah):
        raise Http404
    try:
        if not form.is_valid():
            raise ValidationError(_("Tuliskan alasannya (minimal 5 huruf)."))
        services.ppks_archive(
            acting_user=request.user,
            ppks=ppks,
            alasan=form.cleaned_data["alasan"],
            restore=restore,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Data dipulihkan.") if restore else _("Data diarsipkan."))
    return redirect("ppks:detail", pk=ppks.pk)


@login_required
def ppks_erase_view(request, pk):
    ppks, _can_write = selectors.ppks_get_for(request.user, pk)
    if not rules.can_full_export(request.user):
        raise Http404
    form = AlasanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ppks_erase(
                acting_user=request.user, ppks=ppks, alasan=form.cleaned_data["alasan"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Data pribadi dihapus; hitungan tetap tersimpan."))
            return redirect("ppks:detail", pk=ppks.pk)
    return render(request, "ppks/hapus.html", {"ppks": ppks, "form": form})


@login_required
def layanan_create_view(request, pk):
    ppks, can_write = selectors.ppks_get_for(request.user, pk)
    if not can_write:
        raise Http404
    form = LayananForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.layanan_create(acting_user=request.user, ppks=ppks, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Layanan dicatat."))
            return redirect("ppks:detail", pk=ppks.pk)
    return render(
        request,
        "ppks/catatan_form.html",
        {"form": form, "ppks": ppks, "judul": _("Catat layanan")},
    )


@login_required
def rujukan_create_view(request, pk):
    ppks, can_write = selectors.ppks_get_for(request.user, pk)
    if not can_write:
        raise Http404
    form = RujukanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rujukan_create(acting_user=request.user, ppks=ppks, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Rujukan dicatat."))
            return redirect("ppks:detail", pk=ppks.pk)
    return render(
        request,
        "ppks/catatan_form.html",
        {"form": form, "ppks": ppks, "judul": _("Catat rujukan")},
    )


@login_required
@require_POST
def rujukan_status_view(request, pk):
    rujukan, can_write = selectors.rujukan_get_for(request.user, pk)
    if not can_write:
        raise Http404
    form = RujukanStatusForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Isi status dan tanggal dengan benar."))
        services.rujukan_status_update(
            acting_user=request.user, rujukan=rujukan, **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Status rujukan diperbarui."))
    return redirect("ppks:detail", pk=rujukan.ppks_id)


@login_required
def duplikat_list_view(request):
    if not rules.can_review(request.user):
        raise Http404
    status = request.GET.get("status", DuplikatPpks.Status.TERBUKA)
    if status not in DuplikatPpks.Status.values:
        status = DuplikatPpks.Status.TERBUKA
    page = Paginator(selectors.duplikat_list_visible_to(request.user, status), PER_PAGE).get_page(
        request.GET.get("hal")
    )
    return render(
        request,
        "ppks/duplikat_list.html",
        {"page": page, "status": status, "status_list": DuplikatPpks.Status.choices},
    )


@login_required
def duplikat_detail_view(request, pk):
    pair = selectors.duplikat_get_for(request.user, pk)
    return render(request, "ppks/duplikat_detail.html", {"pair": pair})


DUPLIKAT_ACTIONS = {
    "gabung": (
        services.duplikat_merge,
        gettext_lazy("Data digabung. Penggabungan dapat dibatalkan."),
    ),
    "berbeda": (services.duplikat_mark_distinct, gettext_lazy("Ditandai sebagai orang berbeda.")),
    "batal": (services.duplikat_unmerge, gettext_lazy("Penggabungan dibatalkan.")),
}


@login_required
@require_POST
def duplikat_action_view(request, pk, aksi):
    pair = selectors.duplikat_get_for(request.user, pk)
    if aksi not in DUPLIKAT_ACTIONS:
        raise Http404
    action, done = DUPLIKAT_ACTIONS[aksi]
    try:
        action(acting_user=request.user, pair=pair)
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    if request.POST.get("lanjut") == "daftar":
        return redirect("ppks:duplikat_list")
    return redirect("ppks:duplikat_detail", pk=pair.pk)


@login_required
@rate_limit("ekspor", "10/m")
def ekspor_view(request):
    """The list as filtered, masked. GET: masked; POST with a reason (pengelola only): full NIK,
    audited as a personal-data export."""
    if not rules.can_see_names(request.user):
        raise Http404
    params = request.POST if request.method == "POST" else request.GET
    filters = selectors.Filter.from_params(params)
    fmt = params.get("format", "csv")
    full = request.method == "POST"
    if full:
        form = AlasanForm(request.POST)
        if not rules.can_full_export(request.user):
            raise Http404
        if not form.is_valid():
            messages.error(request, _("Tuliskan alasan ekspor NIK lengkap (minimal 5 huruf)."))
            return redirect("ppks:list")
    qs = untuk_baca(selectors.ppks_list_visible_to(request.user, filters))
    services.ppks_export_record(
        acting_user=request.user,
        full=full,
        filters=filters.as_params(),
        alasan=form.cleaned_data["alasan"] if full else "",
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "xlsx":
        response = FileResponse(
            ekspor.xlsx_file(qs, full=full),
            as_attachment=True,
            filename=f"ppks-{stamp}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = StreamingHttpResponse(
            ekspor.csv_stream(qs, full=full), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="ppks-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def _require_import(request):
    if not rules.can_import(request.user):
        raise Http404


@login_required
def impor_view(request):
    _require_import(request)
    form = ImporForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            impor = impor_module.impor_create(
                acting_user=request.user, upload=form.cleaned_data["berkas"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            impor_module.start_background(impor_module.impor_check, impor=impor)
            return redirect("ppks:impor_detail", pk=impor.pk)
    return render(
        request,
        "ppks/impor.html",
        {"form": form, "impor_list": selectors.impor_list_visible_to(request.user)[:20]},
    )


@login_required
def impor_detail_view(request, pk):
    impor = selectors.impor_get_for(request.user, pk)
    aksi = request.GET.get("aksi", "")
    if aksi not in ImporBaris.Aksi.values:
        aksi = ""
    page = Paginator(selectors.impor_baris_for(impor, aksi), 100).get_page(request.GET.get("hal"))
    context = {
        "impor": impor,
        "page": page,
        "aksi": aksi,
        "aksi_list": ImporBaris.Aksi.choices,
        # Queued counts as running: the check's thread may start after this page is shown, and
        # a page without the poll would wait at "Menunggu" until reloaded by hand.
        "berjalan": impor.status
        in (ImporPpks.Status.MENUNGGU, ImporPpks.Status.MEMERIKSA, ImporPpks.Status.MENYIMPAN),
        # A commit cut off by a stopped server stays "menyimpan" with nothing written: the
        # uploader may run it again (a run still going makes the second one a no-op).
        "can_commit": impor.status in (ImporPpks.Status.DIPERIKSA, ImporPpks.Status.MENYIMPAN)
        and impor.dibuat_oleh_id == request.user.pk
        and (impor.jumlah_baru or impor.jumlah_ubah),
    }
    if request.htmx and request.GET.get("kemajuan"):
        if not context["berjalan"]:
            # Progress finished: reload the whole page to show the verdicts.
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return render(request, "ppks/impor_detail.html#kemajuan", context)
    return render(request, "ppks/impor_detail.html", context)


@login_required
@require_POST
def impor_commit_view(request, pk):
    impor = selectors.impor_get_for(request.user, pk)
    resumable = (ImporPpks.Status.DIPERIKSA, ImporPpks.Status.MENYIMPAN)
    if impor.status not in resumable or impor.dibuat_oleh_id != request.user.pk:
        messages.error(request, _("Impor ini tidak dapat disimpan."))
        return redirect("ppks:impor_detail", pk=impor.pk)
    impor_module.start_background(impor_module.impor_commit, acting_user=request.user, impor=impor)
    return redirect("ppks:impor_detail", pk=impor.pk)


@login_required
def impor_error_sheet_view(request, pk):
    impor = selectors.impor_get_for(request.user, pk)
    response = HttpResponse(
        impor_module.error_sheet(impor),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="ppks-impor-{impor.pk}-ditolak.xlsx"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def impor_template_view(request):
    _require_import(request)
    if request.GET.get("format") == "csv":
        response = HttpResponse(impor_module.template_csv(), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="templat-ppks.csv"'
        return response
    response = HttpResponse(
        impor_module.template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="templat-ppks.xlsx"'
    return response


@login_required
@never_cache
def ppks_report_view(request, pk):
    """The personal-data report for one person (what is held, who saw it): operator only, for
    a stated request, audited."""
    ppks, _can_write = selectors.ppks_get_for(request.user, pk)
    if not rules.can_full_export(request.user):
        raise Http404
    form = AlasanForm(request.POST or None)
    laporan = None
    if request.method == "POST" and form.is_valid():
        try:
            laporan = services.ppks_personal_report(
                acting_user=request.user, ppks=ppks, alasan=form.cleaned_data["alasan"]
            )
        except ValidationError as error:
            apply_errors(form, error)
    return render(request, "ppks/laporan.html", {"ppks": ppks, "form": form, "laporan": laporan})
