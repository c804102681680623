from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wahana.lib import kode as kodelib
from wahana.lib.nik import mask

from . import rules, selectors, services
from .forms import (
    JenisLembagaForm,
    KomentarForm,
    LembagaForm,
    PengurusEndForm,
    PengurusForm,
    RapatForm,
    TahapForm,
    WksbmForm,
)
from .models import JenisLembaga, TahapWksbm, Wksbm

PER_HALAMAN = 200  # a kabupaten's villages (Gunung Mas: 127) fit on one page
RAPAT_DI_HALAMAN = 12  # the latest meetings on the detail page; the API lists them all


def _apply_errors(form, error: ValidationError) -> None:
    items = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    for field, errors in items:
        target = field if field in form.fields else None
        for message in errors:
            form.add_error(target, message)


# --- List and profile -------------------------------------------------------------------------


@login_required
def wksbm_list(request):
    """Every WKSBM in scope with stage, ketua and last meeting; and the desa still without one."""
    kecamatan = request.GET.get("kecamatan", "").strip()
    tahap = request.GET.get("tahap", "").strip()
    q = request.GET.get("q", "").strip()
    user = request.user
    qs = selectors.wksbm_list_visible_to(user, kecamatan=kecamatan, tahap=tahap, q=q)
    halaman = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("halaman"))
    counts = selectors.wksbm_stage_counts(
        selectors.wksbm_list_visible_to(user, kecamatan=kecamatan, q=q)
    )
    tanpa = selectors.desa_tanpa_wksbm(user, kecamatan=kecamatan, q=q)
    tanpa_count = tanpa.count()
    tahap_pilihan = [(selectors.BELUM, _("Belum ada tahap")), *TahapWksbm.Tahap.choices]
    context = {
        "halaman": halaman,
        "count": halaman.paginator.count,
        "counts": counts,
        "total": sum(counts.values()),
        "tahap_pilihan": tahap_pilihan,
        "tahap_counts": [(value, label, counts.get(value, 0)) for value, label in tahap_pilihan],
        "kecamatan_pilihan": selectors.kecamatan_choices_for(user),
        "kecamatan": kecamatan,
        "tahap": tahap,
        "q": q,
        "tanpa": list(tanpa[:PER_HALAMAN]) if not tahap else [],
        "tanpa_count": tanpa_count,
        "can_create": user.peran in rules.PERAN_PENULIS,
    }
    template = "wksbm/list.html#hasil" if request.htmx else "wksbm/list.html"
    return render(request, template, context)


@login_required
def wksbm_create_view(request):
    user = request.user
    if user.peran not in rules.PERAN_PENULIS:
        raise PermissionDenied(_("Anda tidak berwenang membuat WKSBM."))
    initial = {"tingkat": Wksbm.Tingkat.DESA, "kode_wilayah": request.GET.get("wilayah", "")}
    if not initial["kode_wilayah"] and kodelib.tingkat(user.kode_wilayah) == kodelib.TINGKAT_DESA:
        initial["kode_wilayah"] = user.kode_wilayah
    form = WksbmForm(request.POST or None, acting_user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            wksbm = services.wksbm_create(acting_user=user, **form.cleaned_data)
        except PermissionDenied:
            form.add_error("kode_wilayah", _("Wilayah di luar cakupan Anda."))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("WKSBM %(nama)s dibuat.") % {"nama": wksbm.nama})
            return redirect("wksbm:detail", wksbm.pk)
    return render(
        request,
        "wksbm/form.html",
        {"form": form, "judul": _("WKSBM baru"), "kembali": reverse("wksbm:list")},
    )


@login_required
def wksbm_edit_view(request, pk):
    wksbm, can_write = selectors.wksbm_get_for(request.user, pk)
    if not can_write:
        raise PermissionDenied
    fields = services.WKSBM_FIELDS[2:]  # the profile: region and level stay as created
    initial = {name: getattr(wksbm, name) for name in fields}
    form = WksbmForm(request.POST or None, acting_user=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.wksbm_update(acting_user=request.user, wksbm=wksbm, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Profil WKSBM diperbarui."))
            return redirect("wksbm:detail", wksbm.pk)
    return render(
        request,
        "wksbm/form.html",
        {
            "form": form,
            "judul": _("Ubah profil %(nama)s") % {"nama": wksbm.nama},
            "kembali": reverse("wksbm:detail", args=[wksbm.pk]),
        },
    )


def _detail_context(user, wksbm, can_write, **forms) -> dict:
    tahap = selectors.tahap_list(wksbm)
    # tahap_list is in growth order: its last step is the current stage.
    allowed = services.tahap_next_allowed(wksbm, tahap[-1] if tahap else None)
    can_comment = rules.may_comment(user, wksbm.kode_wilayah)
    context = {
        "wksbm": wksbm,
        "can_write": can_write,
        "can_comment": can_comment,
        "tahap_list": tahap,
        "pengurus_list": selectors.pengurus_list(wksbm),
        "lembaga_list": selectors.lembaga_list(wksbm),
        "rapat_list": selectors.rapat_list(wksbm)[:RAPAT_DI_HALAMAN],
        "rapat_count": wksbm.rapat_set.count(),
        "komentar_list": selectors.komentar_list(wksbm)[:50],
        "end_form": PengurusEndForm(),
    }
    if can_write:
        context.update(
            tahap_form=forms.get("tahap_form") or TahapForm(allowed=allowed, has_steps=bool(tahap)),
            pengurus_form=forms.get("pengurus_form") or PengurusForm(),
            lembaga_form=forms.get("lembaga_form") or LembagaForm(),
            rapat_form=forms.get("rapat_form") or RapatForm(wksbm=wksbm),
        )
    if can_comment:
        context["komentar_form"] = forms.get("komentar_form") or KomentarForm()
    return context


@login_required
def wksbm_detail(request, pk):
    wksbm, can_write = selectors.wksbm_get_for(request.user, pk)
    return render(request, "wksbm/detail.html", _detail_context(request.user, wksbm, can_write))


# --- Inline sections of the detail page (HTMX, with a plain page for browsers without JS) --

# Sections that show what a change in another section affects: they come along out of band
# (the profile shows the stage, ketua and last meeting; the meeting form lists the pengurus).
ALSO_REFRESH = {
    "tahap": ("profil",),
    "pengurus": ("profil", "rapat"),
    "rapat": ("profil",),
}


def _render_section(request, section: str, context: dict, *, changed: bool) -> HttpResponse:
    html = render_to_string(f"wksbm/detail.html#{section}", context, request=request)
    if changed:
        for other in ALSO_REFRESH.get(section, ()):
            html += render_to_string(
                f"wksbm/detail.html#{other}", {**context, "oob": True}, request=request
            )
    return HttpResponse(html)


def _section(request, *, wksbm_pk, section, judul, make_form, action, allowed=None):
    """An add form of one section of the detail page. HTMX requests get the section back
    (fresh form on success, the form with its errors otherwise); plain requests get a form
    page and, on success, a redirect to the section."""
    wksbm, can_write = selectors.wksbm_get_for(request.user, wksbm_pk)
    if not (allowed(request.user, wksbm) if allowed else can_write):
        raise PermissionDenied
    form = make_form(wksbm, request.POST or None, request.FILES or None)
    changed = False
    if request.method == "POST" and form.is_valid():
        try:
            action(wksbm, form)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if not request.htmx:
                messages.success(request, _("Tersimpan."))
                return redirect(reverse("wksbm:detail", args=[wksbm.pk]) + f"#{section}")
            form, changed = None, True
    if request.htmx:
        wksbm, can_write = selectors.wksbm_get_for(request.user, wksbm_pk)
        context = _detail_context(request.user, wksbm, can_write, **{f"{section}_form": form})
        return _render_section(request, section, context, changed=changed)
    return render(
        request,
        "wksbm/form.html",
        {
            "form": form,
            "judul": f"{judul} · {wksbm.nama}",
            "kembali": reverse("wksbm:detail", args=[wksbm.pk]) + f"#{section}",
        },
    )


@login_required
def tahap_add(request, pk):
    def make_form(wksbm, data, files):
        last = services.tahap_last(wksbm)
        allowed = services.tahap_next_allowed(wksbm, last)
        return TahapForm(data, files, allowed=allowed, has_steps=last is not None)

    def action(wksbm, form):
        services.tahap_record(acting_user=request.user, wksbm=wksbm, **form.service_kwargs())

    return _section(
        request,
        wksbm_pk=pk,
        section="tahap",
        judul=_("Catat tahap"),
        make_form=make_form,
        action=action,
    )


@login_required
def pengurus_add(request, pk):
    def action(wksbm, form):
        services.pengurus_add(acting_user=request.user, wksbm=wksbm, **form.cleaned_data)

    return _section(
        request,
        wksbm_pk=pk,
        section="pengurus",
        judul=_("Tambah pengurus"),
        make_form=lambda wksbm, data, files: PengurusForm(data),
        action=action,
    )


@login_required
def lembaga_add(request, pk):
    def action(wksbm, form):
        services.lembaga_add(acting_user=request.user, wksbm=wksbm, **form.cleaned_data)

    return _section(
        request,
        wksbm_pk=pk,
        section="lembaga",
        judul=_("Tambah lembaga anggota"),
        make_form=lambda wksbm, data, files: LembagaForm(data),
        action=action,
    )


@login_required
def rapat_add(request, pk):
    def action(wksbm, form):
        data = dict(form.cleaned_data)
        data["berkas_upload"] = data.pop("berkas") or None
        services.rapat_create(acting_user=request.user, wksbm=wksbm, **data)

    return _section(
        request,
        wksbm_pk=pk,
        section="rapat",
        judul=_("Catat rapat"),
        make_form=lambda wksbm, data, files: RapatForm(data, files, wksbm=wksbm),
        action=action,
    )


@login_required
def komentar_add(request, pk):
    def action(wksbm, form):
        services.komentar_add(acting_user=request.user, wksbm=wksbm, isi=form.cleaned_data["isi"])

    return _section(
        request,
        wksbm_pk=pk,
        section="komentar",
        judul=_("Komentar"),
        make_form=lambda wksbm, data, files: KomentarForm(data),
        action=action,
        allowed=lambda user, wksbm: rules.may_comment(user, wksbm.kode_wilayah),
    )


# --- Pengurus, lembaga and rapat records ------------------------------------------------------


def _record_form_page(request, *, obj, form, judul, save):
    """The edit page of one child record: saves and returns to its section of the detail page."""
    back = reverse("wksbm:detail", args=[obj.wksbm_id])
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Tersimpan."))
            return redirect(back)
    return render(request, "wksbm/form.html", {"form": form, "judul": judul, "kembali": back})


@login_required
def pengurus_edit(request, pk):
    pengurus, can_write = selectors.pengurus_get_for(request.user, pk)
    if not can_write:
        raise PermissionDenied
    fields = ("nama", "jabatan", "bidang", "telepon", "mulai", "selesai")
    form = PengurusForm(
        request.POST or None, initial={name: getattr(pengurus, name) for name in fields}
    )
    if pengurus.nik:
        # The stored NIK is never put back into the page: an empty field keeps it.
        form.fields["nik"].help_text = _(
            "Tersimpan: %(nik)s. Kosongkan untuk tetap memakai NIK ini."
        ) % {"nik": mask(pengurus.nik)}

    def save(form):
        data = dict(form.cleaned_data)
        data["nik"] = data["nik"] or None
        services.pengurus_update(acting_user=request.user, pengurus=pengurus, **data)

    return _record_form_page(
        request,
        obj=pengurus,
        form=form,
        judul=_("Ubah pengurus %(nama)s") % {"nama": pengurus.nama},
        save=save,
    )


@login_required
def pengurus_end(request, pk):
    """End a term. From the pengurus table (HTMX: the section comes back) or a plain page."""
    pengurus, can_write = selectors.pengurus_get_for(request.user, pk)
    if not can_write:
        raise PermissionDenied
    form = PengurusEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pengurus_end(
                acting_user=request.user, pengurus=pengurus, selesai=form.cleaned_data["selesai"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if request.htmx:
                wksbm, can_write = selectors.wksbm_get_for(request.user, pengurus.wksbm_id)
                context = _detail_context(request.user, wksbm, can_write)
                return _render_section(request, "pengurus", context, changed=True)
            messages.success(request, _("Masa jabatan diakhiri."))
            return redirect(reverse("wksbm:detail", args=[pengurus.wksbm_id]) + "#pengurus")
    return render(
        request,
        "wksbm/form.html",
        {
            "form": form,
            "judul": _("Akhiri masa jabatan %(nama)s") % {"nama": pengurus},
            "kembali": reverse("wksbm:detail", args=[pengurus.wksbm_id]) + "#pengurus",
        },
    )


@login_required
def lembaga_edit(request, pk):
    lembaga, can_write = selectors.lembaga_get_for(request.user, pk)
    if not can_write:
        raise PermissionDenied
    fields = (
        "jenis",
        "nama",
        "kontak_nama",
        "kontak_telepon",
        "tanggal_bergabung",
        "tanggal_keluar",
        "keterangan",
    )
    form = LembagaForm(
        request.POST or None,
        editing=lembaga,
        initial={name: getattr(lembaga, name) for name in fields},
    )
    return _record_form_page(
        request,
        obj=lembaga,
        form=form,
        judul=_("Ubah lembaga anggota %(nama)s") % {"nama": lembaga.nama},
        save=lambda form: services.lembaga_update(
            acting_user=request.user, lembaga=lembaga, **form.cleaned_data
        ),
    )


@login_required
def rapat_edit(request, pk):
    rapat, can_write = selectors.rapat_get_for(request.user, pk)
    if not can_write:
        raise PermissionDenied
    fields = ("tanggal", "tempat", "agenda", "keputusan", "notulen", "jumlah_hadir_lain")
    initial = {name: getattr(rapat, name) for name in fields}
    initial["hadir"] = list(rapat.hadir.values_list("pk", flat=True))
    form = RapatForm(
        request.POST or None,
        request.FILES or None,
        wksbm=rapat.wksbm,
        editing=rapat,
        initial=initial,
    )

    def save(form):
        data = dict(form.cleaned_data)
        data["berkas_upload"] = data.pop("berkas") or None
        services.rapat_update(acting_user=request.user, rapat=rapat, **data)

    return _record_form_page(
        request,
        obj=rapat,
        form=form,
        judul=_("Ubah rapat %(tanggal)s") % {"tanggal": date_format(rapat.tanggal)},
        save=save,
    )


@login_required
def rapat_detail(request, pk):
    rapat, can_write = selectors.rapat_get_for(request.user, pk)
    hadir = list(rapat.hadir.order_by("nama"))
    return render(
        request,
        "wksbm/rapat_detail.html",
        {
            "rapat": rapat,
            "hadir": hadir,
            "jumlah_hadir": len(hadir) + rapat.jumlah_hadir_lain,
            "can_write": can_write,
        },
    )


# --- Jenis lembaga (reference list) -----------------------------------------------------------


@login_required
def jenis_list(request):
    can_manage = rules.may_manage_jenis_lembaga(request.user)
    form = JenisLembagaForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.jenis_lembaga_create(acting_user=request.user, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Jenis lembaga ditambahkan."))
                return redirect("wksbm:jenis_list")
    return render(
        request,
        "wksbm/jenis_list.html",
        {"jenis_list": selectors.jenis_lembaga_list(), "form": form, "can_manage": can_manage},
    )


@login_required
def jenis_edit(request, pk):
    if not rules.may_manage_jenis_lembaga(request.user):
        raise PermissionDenied
    jenis = get_object_or_404(JenisLembaga, pk=pk)
    form = JenisLembagaForm(
        request.POST or None,
        editing=True,
        initial={"nama": jenis.nama, "urutan": jenis.urutan, "aktif": jenis.aktif},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.jenis_lembaga_update(
                acting_user=request.user, jenis=jenis, **form.cleaned_data
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Jenis lembaga diperbarui."))
            return redirect("wksbm:jenis_list")
    return render(
        request,
        "wksbm/form.html",
        {
            "form": form,
            "judul": _("Ubah jenis lembaga %(nama)s") % {"nama": jenis.nama},
            "kembali": reverse("wksbm:jenis_list"),
        },
    )
