"""Inputs the atheris fuzzer (fuzz/camt053.py) found crashing the parser, each refused now
with an InputError that names the file, the line and the reason."""

from __future__ import annotations

import pytest

from talapker.banking.statements import parse_statement
from talapker.core.errors import InputError


@pytest.mark.parametrize("encoding", ["UTF-7", "Shift_JIS", "GBK", "EUC-KR"])
def test_a_camt053_file_declaring_a_multibyte_encoding_expat_cannot_read_is_refused(
    encoding: str,
) -> None:
    data = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"/>'
    ).encode("ascii")
    with pytest.raises(InputError) as refused:
        parse_statement("statement.xml", data, statement_format="camt.053")
    assert refused.value.file == "statement.xml"
    assert refused.value.line == 1
    assert "multi-byte encoding" in refused.value.reason
    assert "UTF-8" in refused.value.reason
