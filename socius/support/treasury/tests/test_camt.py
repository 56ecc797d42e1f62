"""The camt.053 reader: valid statements of two versions, and every kind of bad file."""

import io
import zipfile

import pytest
from django.utils import translation

from socius.support.treasury.camt import MAX_BYTES, CamtError, camt_read
from socius.support.treasury.tests.conftest import statement_bytes

V08 = b"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
 <BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId><CreDtTm>2027-01-02T06:00:00</CreDtTm></GrpHdr>
  <Stmt><Id>S-2027-01</Id>
   <Acct><Id><Othr><Id>4440116243</Id></Othr></Id><Ccy>DKK</Ccy></Acct>
   <Ntry><Amt Ccy="DKK">1500.5</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
    <BookgDt><DtTm>2027-01-02T10:11:12+01:00</DtTm></BookgDt>
    <NtryDtls><TxDtls>
     <Refs><EndToEndId>E2E-77</EndToEndId></Refs>
     <RltdPties><Dbtr><Pty><Nm>Lise Holm</Nm></Pty></Dbtr></RltdPties>
     <RmtInf><Ustrd>Medlemskab</Ustrd><Ustrd>ST-7KQ4MX9A</Ustrd></RmtInf>
    </TxDtls></NtryDtls>
   </Ntry>
  </Stmt>
 </BkToCstmrStmt>
</Document>"""


def _error(data: bytes) -> str:
    with translation.override("en"), pytest.raises(CamtError) as caught:
        camt_read(data)
    with translation.override("en"):
        return str(caught.value)


def test_it_reads_a_camt_053_001_02_statement():
    (statement,) = camt_read(statement_bytes())
    assert statement.account == "DK5000400440116243"
    assert str(statement.period_from) == "2026-11-01"
    amounts = [e.amount_ore for e in statement.entries]
    assert amounts == [25_000, 30_000, 50_000, -7_450]
    first, second, third, _debit = statement.entries
    assert first.debtor_name == "Anne Jensen"
    assert first.remittance.startswith("Gave st 7kq4 mx9a")
    assert first.end_to_end_id == "E2E-ANNE-0311"
    assert first.bank_ref == "NDEA20261103000117"
    assert second.remittance == "ST-HCT3N6WP"  # structured creditor reference
    assert second.end_to_end_id == ""  # NOTPROVIDED is no id
    assert third.booked_on.isoformat() == "2026-11-14"


def test_it_reads_later_versions_by_the_namespace_prefix():
    (statement,) = camt_read(V08)
    (entry,) = statement.entries
    assert statement.account == "4440116243"
    assert entry.amount_ore == 150_050
    assert entry.debtor_name == "Lise Holm"
    assert entry.remittance == "Medlemskab ST-7KQ4MX9A"
    assert entry.booked_on.isoformat() == "2027-01-02"


def test_malformed_xml_is_refused():
    assert "not valid XML" in _error(statement_bytes("statement_malformed.xml"))


@pytest.mark.parametrize("name", ["statement_bomb.xml", "statement_xxe.xml"])
def test_entity_bombs_and_external_entities_are_refused(name):
    assert "document type" in _error(statement_bytes(name))


def test_a_huge_file_is_refused_before_it_is_parsed():
    data = statement_bytes().replace(b"<Stmt>", b"<Stmt>" + b" " * (MAX_BYTES + 1), 1)
    assert "too large" in _error(data)


def test_a_zip_file_is_refused_and_never_unpacked():
    buffer = io.BytesIO()
    # A zip bomb: 200 MB of zeros in a few hundred kB; refused by its first bytes.
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("statement.xml", "w") as member,
    ):
        for _ in range(200):
            member.write(b"\0" * (1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < MAX_BYTES
    assert "zip" in _error(data)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "empty"),
        (b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:pain.001.001.03'/>", "camt.053"),
        (b"<html><body>hej</body></html>", "camt.053"),
        (V08.replace(b"<Stmt>", b"<Nope>").replace(b"</Stmt>", b"</Nope>"), "no statement"),
        (V08.replace(b"1500.5", b"15.001"), "decimals"),
        (V08.replace(b"1500.5", b"1e9"), "no valid amount"),
        (V08.replace(b"1500.5", b"-5"), "no valid amount"),
        (V08.replace(b"CRDT", b"XXXX"), "neither credit"),
        (V08.replace(b"2027-01-02T10", b"2027-13-02T10"), "date"),
    ],
)
def test_odd_files_get_a_clear_message(data, says):
    assert says in _error(data)
