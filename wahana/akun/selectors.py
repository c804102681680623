from django.db.models import QuerySet

from .models import PERAN_RANK, User
from .scope import region_q, scope_of


def user_list_visible_to(user: User) -> QuerySet[User]:
    """Accounts a manager may see: inside their scope and of a rank not above their own."""
    prefix = scope_of(user)
    if prefix is None or not user.is_pengelola:
        return User.objects.none()
    allowed = [p for p, rank in PERAN_RANK.items() if rank <= PERAN_RANK[user.peran]]
    return (
        User.objects.filter(region_q(prefix), peran__in=allowed)
        .select_related("wilayah")
        .order_by("username")
    )
