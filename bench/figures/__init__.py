"""The figures, in the order they run. Each module has `run(ctx: Context) -> list[Row]`.

Order matters: a figure may build on the data an earlier one left (the region search needs the
country loaded by the region load). Later figures (PPKS import, list pages, dashboards, exports,
load tests) are added here as modules of their own.
"""

FIGURES = (
    "wilayah_load",
    "wilayah_search",
    "ppks_import",
    "ppks_csv",
    "ppks_list",
    "laporan_xlsx",
    "skala_build",
    "beban",
    "pantau_dasbor",
)
