from django import template

from ..selectors import lonceng_for

register = template.Library()


@register.inclusion_tag("laporan/_lonceng.html")
def laporan_lonceng(user) -> dict:
    """The report bell of the page header (finished reports not yet opened)."""
    return {"lonceng": lonceng_for(user)}
