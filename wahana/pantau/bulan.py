"""Month arithmetic for the index (months are the first day of the month)."""

import datetime

from wahana.dana.bulan import akhir_bulan, bulan_berikut, bulan_ini, bulan_sebelum, parse_bulan

__all__ = ["akhir_bulan", "bulan_berikut", "bulan_ini", "bulan_sebelum", "parse_bulan"]

# How many months of history the dashboards show and the sweep keeps computed.
RIWAYAT_BULAN = 24


def geser(bulan: datetime.date, n: int) -> datetime.date:
    """`bulan` moved by `n` months (negative = back)."""
    index = bulan.year * 12 + bulan.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def deret(sampai: datetime.date, n: int = RIWAYAT_BULAN) -> list[datetime.date]:
    """The `n` months ending with `sampai`, oldest first."""
    return [geser(sampai, -i) for i in range(n - 1, -1, -1)]
