"""Months as the first day of the month: parsing `YYYY-MM`, stepping, naming."""

import datetime

from django.utils import timezone


def parse_bulan(text: str | None) -> datetime.date | None:
    """`2026-05` → 1 May 2026; None when the text is not a month."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return None


def bulan_ini() -> datetime.date:
    return timezone.localdate().replace(day=1)


def bulan_berikut(bulan: datetime.date) -> datetime.date:
    return (bulan.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def bulan_sebelum(bulan: datetime.date) -> datetime.date:
    return (bulan - datetime.timedelta(days=1)).replace(day=1)


def akhir_bulan(bulan: datetime.date) -> datetime.date:
    return bulan_berikut(bulan) - datetime.timedelta(days=1)
