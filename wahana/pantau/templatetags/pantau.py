from django import template

from ..selectors import notifikasi_baru_count

register = template.Library()


@register.simple_tag
def notifikasi_baru(user) -> int:
    """Unread notifications of the signed-in user (the bell in the header)."""
    return notifikasi_baru_count(user)
