from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import MasukForm, UserForm
from .scope import get_visible_or_404
from .selectors import user_list_visible_to
from .services import user_create, user_update


class MasukView(auth_views.LoginView):
    template_name = "akun/masuk.html"
    authentication_form = MasukForm
    redirect_authenticated_user = True


class KeluarView(auth_views.LogoutView):
    pass


def _require_pengelola(request):
    if not request.user.is_pengelola:
        raise Http404


def _apply_errors(form, error: ValidationError) -> None:
    for field, errors in (
        error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    ):
        target = field if field in form.fields else None
        if field == "wilayah":
            target = "kode_wilayah"
        for message in errors:
            form.add_error(target, message)


@login_required
def user_list(request):
    _require_pengelola(request)
    users = user_list_visible_to(request.user)
    return render(request, "akun/user_list.html", {"users": users[:500], "count": users.count()})


@login_required
def user_create_view(request):
    _require_pengelola(request)
    form = UserForm(
        request.POST or None,
        acting_user=request.user,
        initial={"kode_wilayah": request.user.kode_wilayah},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = user_create(acting_user=request.user, **form.cleaned_data)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Pengguna %(name)s dibuat.") % {"name": user.username})
            return redirect("akun:user_list")
    return render(request, "akun/user_form.html", {"form": form, "baru": True})


@login_required
def user_edit_view(request, pk):
    _require_pengelola(request)
    target = get_visible_or_404(user_list_visible_to(request.user), request.user, pk=pk)
    form = UserForm(
        request.POST or None,
        acting_user=request.user,
        editing=True,
        initial={
            "username": target.username,
            "first_name": target.first_name,
            "email": target.email,
            "telepon": target.telepon,
            "peran": target.peran,
            "kode_wilayah": target.kode_wilayah,
            "is_active": target.is_active,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "username"}
        try:
            user_update(acting_user=request.user, user=target, **data)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("Pengguna %(name)s diperbarui.") % {"name": target.username}
            )
            return redirect("akun:user_list")
    return render(request, "akun/user_form.html", {"form": form, "target": target})
