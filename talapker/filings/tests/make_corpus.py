"""Write the recorded samples and the hostile corpus of the report readers and scan check.

    .venv/bin/python -m talapker.filings.tests.make_corpus

Writes `samples/` (one report as two CSV files, a workbook and a JSON body: the readers must
give equal data for all three) and `corpus/{csv,xlsx,json,pdf}/` with `corpus/manifest.json`,
which lists every file with the outcome expected of it: `accept`, `reject` with its
`problem_codes` (scans: `reasons`), or `quarantine` for scans. The output is the same on every
run, so the committed files change only when the cases do.

Left out of the corpus and built by the tests instead (`test_hostile.py`): the
million-column headers (CSV and XLSX) and the files over the size caps, which would add
megabytes to the repository for no gain.
"""

from __future__ import annotations

import json
import shutil

from talapker.filings.tests.corpus_build import CORPUS, SAMPLES, Manifest, write_samples
from talapker.filings.tests.corpus_reports import csv_corpus, json_corpus, xlsx_corpus
from talapker.filings.tests.corpus_scans import pdf_corpus


def main() -> None:
    for folder in (SAMPLES, CORPUS):
        if folder.exists():
            shutil.rmtree(folder)
    write_samples()
    manifest: Manifest = []
    for make in (csv_corpus, xlsx_corpus, json_corpus, pdf_corpus):
        manifest.extend(make())
    text = json.dumps(manifest, ensure_ascii=False, indent=1)
    (CORPUS / "manifest.json").write_text(text + "\n", encoding="utf-8")
    counts: dict[str, int] = {}
    for item in manifest:
        counts[item["parser"]] = counts.get(item["parser"], 0) + 1
    print(f"wrote {len(manifest)} corpus files: {counts}")


if __name__ == "__main__":
    main()
