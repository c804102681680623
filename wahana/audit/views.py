from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from .forms import AuditFilterForm
from .selectors import auditlog_actions, auditlog_filter, auditlog_list_visible_to

PER_PAGE = 50


@login_required
def auditlog_list(request):
    """The audit log within the user's scope, filtered by action, user and date range."""
    if not request.user.is_pengelola:
        raise Http404
    rows = auditlog_list_visible_to(request.user)
    form = AuditFilterForm(request.GET or None, actions=auditlog_actions(rows))
    if form.is_valid():
        rows = auditlog_filter(rows, **form.cleaned_data)
    elif form.is_bound:
        rows = rows.none()
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    template = "audit/auditlog_list.html#hasil" if request.htmx else "audit/auditlog_list.html"
    return render(request, template, context)
