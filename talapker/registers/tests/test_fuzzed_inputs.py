"""Inputs the atheris fuzzer (fuzz/registers.py) found crashing the reader, each refused now
with an InputError that names the file, the line and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from talapker.core.errors import InputError
from talapker.registers.reader import RowStream
from talapker.registers.specs import REGISTERS

# A carriage return alone in a line ends a CSV record; in a file that is also not UTF-8, the
# search for the column of the bad byte split that line with csv.reader and met csv.Error.
CR_IN_HEADER = (
    b"inn,debt_kgs,cr\r\x01\x00\x00or,as_of\n02107201010017,\xc9\xd3\xce\xca.00,tax,2026-10-07\n"
)
CR_IN_BAD_LINE = b"inn,debt_kgs,creditor,as_of\n02107201010017,150000.00,tax\r,2026-09-30\xff\n"


@pytest.mark.parametrize("data", [CR_IN_HEADER, CR_IN_BAD_LINE], ids=["header", "bad line"])
def test_a_file_not_in_utf8_with_a_lone_carriage_return_is_refused(
    tmp_path: Path, data: bytes
) -> None:
    path = tmp_path / "tax_debtors.csv"
    path.write_bytes(data)
    with pytest.raises(InputError) as refused:
        for _batch in RowStream(REGISTERS["tax_debtors"], path).batches():
            pass
    assert refused.value.file == "tax_debtors.csv"
    assert refused.value.line == 2
    assert "not UTF-8" in refused.value.reason
