from .context import current_ip
from .models import AuditLog


def audit_record(
    *,
    actor,
    aksi: str,
    objek=None,
    kode_wilayah: str | None = None,
    perubahan: dict | None = None,
    keterangan: str = "",
) -> AuditLog:
    """Write one audit row. Call it inside the transaction of the change it records."""
    if kode_wilayah is None:
        kode_wilayah = getattr(objek, "kode_wilayah", "") or ""
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditLog.objects.create(
        pelaku=actor if authenticated else None,
        pelaku_nama=actor.get_username() if authenticated else "",
        aksi=aksi,
        objek_tipe=objek._meta.label_lower if objek is not None else "",
        objek_id=str(objek.pk) if objek is not None else "",
        kode_wilayah=kode_wilayah,
        alamat_ip=current_ip.get(),
        keterangan=keterangan,
        perubahan=perubahan or {},
    )


def changes_between(before: dict, after: dict) -> dict:
    """{field: [before, after]} for the fields whose value changed (as JSON-safe strings)."""
    return {
        name: [
            None if before.get(name) is None else str(before.get(name)),
            None if value is None else str(value),
        ]
        for name, value in after.items()
        if before.get(name) != value
    }
