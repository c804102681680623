"""`make bench`: Wahana's PRODUCT.md figures measured on this machine, SQLite and PostgreSQL.

Each figure is a module in `bench/figures/` with `run(ctx) -> list[Row]`; `python -m bench`
runs them in order against a fresh database per engine, prints one table and writes the same
rows to `bench/results/<timestamp>.json` for comparison between versions.
"""
