from django.db.models import Func, QuerySet, Subquery
from django.db.models.functions import Coalesce

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


def count_many_for(user: User, **querysets: QuerySet) -> dict[str, int]:
    """The row counts of several querysets in one query (a row of the user's own, with one
    counting subquery per queryset): the page header asks for a few small counts on every
    page, and one round trip costs less than one each."""
    counts = {
        name: Coalesce(
            Subquery(qs.order_by().annotate(n=Func("pk", function="COUNT")).values("n")), 0
        )
        for name, qs in querysets.items()
    }
    return User.objects.filter(pk=user.pk).values(**counts).get()
