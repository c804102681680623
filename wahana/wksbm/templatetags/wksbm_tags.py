from django import template
from django.utils.translation import gettext as _

from wahana.lib.nik import mask
from wahana.wksbm.models import TahapWksbm
from wahana.wksbm.selectors import BELUM

register = template.Library()


@register.filter
def tahap_label(value) -> str:
    """The label of a derived current stage (`None`: no step recorded yet)."""
    if not value or value == BELUM:
        return _("Belum ada tahap")
    return TahapWksbm.Tahap(value).label


@register.filter
def nik_mask(value) -> str:
    """A NIK shown on a page: enough to recognise it, not to use it."""
    return mask(value or "")
