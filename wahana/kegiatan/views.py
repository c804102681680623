from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wahana.pendamping.selectors import pendamping_of

from .akses import can_record, can_verify
from .forms import FotoForm, KegiatanForm, KembalikanForm
from .models import Kegiatan
from .selectors import (
    Filter,
    kegiatan_get_for,
    kegiatan_list_visible_to,
    kegiatan_totals,
    penerima_for,
    wksbm_pencatatan_for,
)
from .services import (
    FIELDS,
    kegiatan_create,
    kegiatan_foto_add,
    kegiatan_report,
    kegiatan_return,
    kegiatan_update,
    kegiatan_verify,
)

PER_PAGE = 50


def _apply_errors(form, error: ValidationError) -> None:
    items = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    for field, errors in items:
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


def _filter(request) -> Filter:
    g = request.GET
    return Filter(
        kode_wilayah=g.get("wilayah", "").strip(),
        wksbm_id=int(g["wksbm"]) if g.get("wksbm", "").isdigit() else None,
        status=g.get("status", "") if g.get("status") in Kegiatan.Status.values else "",
        jenis=g.get("jenis", "") if g.get("jenis") in Kegiatan.Jenis.values else "",
        dari=parse_date(g.get("dari", "")) if g.get("dari") else None,
        sampai=parse_date(g.get("sampai", "")) if g.get("sampai") else None,
        q=g.get("q", "").strip(),
    )


@login_required
def kegiatan_list(request):
    try:
        f = _filter(request)
    except ValueError:
        f = Filter()
    qs = kegiatan_list_visible_to(request.user, f)
    context = {
        "page": Paginator(qs, PER_PAGE).get_page(request.GET.get("halaman")),
        "totals": kegiatan_totals(qs),
        "f": request.GET,
        "status_pilihan": Kegiatan.Status.choices,
        "jenis_pilihan": Kegiatan.Jenis.choices,
        "bisa_catat": wksbm_pencatatan_for(request.user).exists()
        or pendamping_of(request.user) is not None,
    }
    template = "kegiatan/list.html#hasil" if request.htmx else "kegiatan/list.html"
    return render(request, template, context)


@login_required
def kegiatan_create_view(request):
    pilihan = wksbm_pencatatan_for(request.user)
    pendamping = pendamping_of(request.user)
    if pendamping is None and not pilihan.exists():
        raise PermissionDenied
    wksbm_pk = request.GET.get("wksbm") or request.POST.get("wksbm") or ""
    wksbm = pilihan.filter(pk=wksbm_pk).first() if wksbm_pk.isdigit() else None
    if wksbm is None and pendamping is None and pilihan.count() == 1:
        wksbm = pilihan.first()
    kode = wksbm.kode_wilayah if wksbm else (pendamping.kode_wilayah if pendamping else "")
    form = KegiatanForm(
        request.POST or None, request.FILES or None, user=request.user, kode_wilayah=kode
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            kegiatan = kegiatan_create(
                acting_user=request.user,
                wksbm=wksbm,
                penerima=d["penerima"],
                foto_uploads=[d["foto"]] if d.get("foto") else [],
                **{name: d[name] for name in FIELDS},
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Kegiatan dicatat sebagai draf."))
            return redirect("kegiatan:detail", pk=kegiatan.pk)
    return render(
        request,
        "kegiatan/form.html",
        {"form": form, "wksbm": wksbm, "pilihan": pilihan[:500], "pendamping": pendamping},
    )


@login_required
def kegiatan_detail(request, pk):
    kegiatan, may_write, may_verify = kegiatan_get_for(request.user, pk)
    context = {
        "kegiatan": kegiatan,
        "may_write": may_write,
        "may_verify": may_verify,
        "penerima": penerima_for(request.user, kegiatan),
        "jumlah_penerima": kegiatan.penerima.count(),
        "foto": kegiatan.foto_set.select_related("berkas"),
        "foto_form": FotoForm(),
        "kembalikan_form": KembalikanForm(),
        "entri": kegiatan.entri_kas_set.order_by("urutan"),
    }
    return render(request, "kegiatan/detail.html", context)


@login_required
def kegiatan_edit(request, pk):
    kegiatan, may_write, _may_verify = kegiatan_get_for(request.user, pk)
    if not can_record(request.user, kegiatan.kode_wilayah):
        raise PermissionDenied
    if not may_write:
        messages.error(request, _("Kegiatan yang sudah dilaporkan atau diverifikasi tidak diubah."))
        return redirect("kegiatan:detail", pk=kegiatan.pk)
    initial = {name: getattr(kegiatan, name) for name in FIELDS}
    initial["penerima"] = list(kegiatan.penerima.values_list("pk", flat=True))
    form = KegiatanForm(
        request.POST or None,
        user=request.user,
        kode_wilayah=kegiatan.kode_wilayah,
        with_foto=False,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            kegiatan_update(
                acting_user=request.user,
                kegiatan=kegiatan,
                penerima=d["penerima"],
                **{name: d[name] for name in FIELDS},
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Kegiatan diperbarui."))
            return redirect("kegiatan:detail", pk=kegiatan.pk)
    return render(request, "kegiatan/form.html", {"form": form, "kegiatan": kegiatan})


def _act(request, pk, *, allowed, action, done):
    kegiatan, may_write, may_verify = kegiatan_get_for(request.user, pk)
    if not allowed(request.user, kegiatan, may_write, may_verify):
        raise PermissionDenied
    try:
        action(kegiatan)
    except ValidationError as error:
        # e.g. verifying an activity that is not (or no longer) waiting: say so on the page.
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("kegiatan:detail", pk=kegiatan.pk)


def _may_record(user, kegiatan, may_write, may_verify):
    return can_record(user, kegiatan.kode_wilayah)


def _may_verify(user, kegiatan, may_write, may_verify):
    # By role and area; the service answers for the state (and refuses the recorder).
    return can_verify(user, kegiatan.kode_wilayah)


@login_required
@require_POST
def kegiatan_report_view(request, pk):
    return _act(
        request,
        pk,
        allowed=_may_record,
        action=lambda k: kegiatan_report(acting_user=request.user, kegiatan=k),
        done=_("Kegiatan dilaporkan ke TKSK untuk diverifikasi."),
    )


@login_required
@require_POST
def kegiatan_verify_view(request, pk):
    return _act(
        request,
        pk,
        allowed=_may_verify,
        action=lambda k: kegiatan_verify(acting_user=request.user, kegiatan=k),
        done=_("Kegiatan diverifikasi."),
    )


@login_required
@require_POST
def kegiatan_return_view(request, pk):
    form = KembalikanForm(request.POST)
    alasan = form.cleaned_data["alasan"] if form.is_valid() else ""
    return _act(
        request,
        pk,
        allowed=_may_verify,
        action=lambda k: kegiatan_return(acting_user=request.user, kegiatan=k, alasan=alasan),
        done=_("Kegiatan dikembalikan kepada pencatat."),
    )


@login_required
@require_POST
def kegiatan_foto_view(request, pk):
    form = FotoForm(request.POST, request.FILES)

    def add(kegiatan):
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        kegiatan_foto_add(
            acting_user=request.user,
            kegiatan=kegiatan,
            upload=form.cleaned_data["foto"],
            keterangan=form.cleaned_data["keterangan"],
        )

    return _act(request, pk, allowed=_may_record, action=add, done=_("Foto ditambahkan."))
