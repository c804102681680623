"""The one mechanism that confines a user to a region.

Every model that belongs to a region has a path to a region code (`scope_field`, by default
`wilayah__kode`, which Django resolves to the record's own `kode_wilayah` column without a join).
Every queryset, page, search, count, export and API endpoint starts from `visible_to(qs, user)`;
a record outside the scope is answered 404, exactly as a missing one (`get_visible_or_404`).
"""

from django.db.models import CharField, Lookup, Model, Q, QuerySet
from django.http import Http404

from wahana.lib import kode as kodelib

DEFAULT_SCOPE_FIELD = "wilayah__kode"
# The byte after "." in ASCII: `prefix` <= code < `prefix` + "/" holds `prefix` and the codes
# below it, and no other code made of digits and dots ("62.100" sorts after "62.10/").
_AFTER_DOT = "/"


@CharField.register_lookup
class DalamWilayah(Lookup):
    """`<code>__dalam_wilayah=prefix`: the region `prefix` and every region inside it, as one
    range of byte order, which a b-tree serves for a count and a page alike (`kode = p OR kode
    LIKE 'p.%'` is two ranges, and PostgreSQL scanned a whole index for it).

    Byte order whatever the database collation: plain >= and < on PostgreSQL follow the
    collation, and en_US.UTF-8 ignores "." and "/" at the first level ("62.10.01" would sort
    after "62.10/"). PostgreSQL's pattern operators compare bytes and are served by the
    `<column>_like` (varchar_pattern_ops) index Django makes for every indexed CharField;
    SQLite compares text in BINARY order unless a column says otherwise (none here)."""

    lookup_name = "dalam_wilayah"

    def as_sql(self, compiler, connection, template="({lhs} >= %s AND {lhs} < %s)"):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        params = (*lhs_params, self.rhs, *lhs_params, self.rhs + _AFTER_DOT)
        return template.format(lhs=lhs), params

    def as_postgresql(self, compiler, connection):
        return self.as_sql(compiler, connection, "({lhs} ~>=~ %s AND {lhs} ~<~ %s)")

    def as_sqlite(self, compiler, connection):
        # likely(): SQLite (no STAT4 samples) guesses that a range keeps 1/64 of the rows, and
        # would read a whole kabupaten through it and sort it for a page of 50; told the range
        # may hold most rows, it walks the name index in order for a page and still counts
        # through the range.
        return self.as_sql(compiler, connection, "(likely({lhs} >= %s) AND likely({lhs} < %s))")


def scope_of(user) -> str | None:
    """The region prefix a user may see: '' for all Indonesia, None for nothing at all."""
    if user is None or not user.is_authenticated or not user.is_active or not user.peran:
        return None
    return user.kode_wilayah


def region_q(prefix: str, field: str = DEFAULT_SCOPE_FIELD) -> Q:
    """Records whose region is `prefix` or lies inside it."""
    if prefix == "":
        return Q()
    return Q(**{f"{field}__dalam_wilayah": prefix})


def scope_field_of(qs: QuerySet) -> str:
    return getattr(qs.model, "scope_field", DEFAULT_SCOPE_FIELD)


def visible_to(qs: QuerySet, user) -> QuerySet:
    """`qs` narrowed to what `user` may see."""
    prefix = scope_of(user)
    if prefix is None:
        return qs.none()
    return qs.filter(region_q(prefix, scope_field_of(qs)))


def get_visible_or_404(qs: QuerySet, user, **lookup) -> Model:
    """One record the user may see; 404 when it is missing *or* outside the scope."""
    try:
        return visible_to(qs, user).get(**lookup)
    except qs.model.DoesNotExist as error:
        _record_out_of_scope(qs, user, lookup)
        raise Http404 from error
    except (ValueError, TypeError) as error:
        raise Http404 from error


def _record_out_of_scope(qs: QuerySet, user, lookup: dict) -> None:
    """A signed-in user asking for a record that exists outside their scope is a failed
    authorisation: written to the audit log (internal; the user still sees the same 404 as for a
    missing record). Within a request that rolls back, the row goes with it."""
    if user is None or not user.is_authenticated:
        return
    record = qs.filter(**lookup).first()
    if record is None:
        return
    from wahana.audit.services import audit_record

    audit_record(
        actor=user,
        aksi="akses_ditolak",
        objek=record,
        kode_wilayah=user.kode_wilayah,
        keterangan="di luar wilayah",
    )


def in_scope(user, kode: str) -> bool:
    prefix = scope_of(user)
    return prefix is not None and kodelib.covers(prefix, kode)
