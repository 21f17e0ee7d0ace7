"""The ad-library files the platform reads, each mapped onto formats.md section 6.

`csvformat` reads `ads.csv` itself, `meta` the JSON of Meta's Ad Library API, `google` the
creative-stats CSV of Google's political-ads transparency report, `rates` the `rates.csv`
of official exchange rates. `registry.read_ads` recognises a file by its content. Readers
store nothing: they return `AdFile` (model.py) or raise InputError.
"""
