import io

import pytest

from socius.whistleblowing import crypto


def test_it_round_trips_a_stream_in_many_chunks():
    key = crypto.file_key()
    data = bytes(range(256)) * 1000  # 256 kB: several chunks
    out = io.BytesIO()
    size = crypto.stream_encrypt([data[:1000], data[1000:]], key, out)
    assert size == len(data)
    assert b"".join(crypto.stream_decrypt(io.BytesIO(out.getvalue()), key)) == data


@pytest.mark.parametrize("cut", [10, 30, -1, -(crypto.CHUNK + 17)])
def test_it_refuses_a_truncated_stream(cut):
    key = crypto.file_key()
    out = io.BytesIO()
    crypto.stream_encrypt([b"x" * (crypto.CHUNK * 2 + 5)], key, out)
    with pytest.raises(crypto.DecryptionError):
        b"".join(crypto.stream_decrypt(io.BytesIO(out.getvalue()[:cut]), key))


def test_it_refuses_a_changed_byte_and_trailing_data():
    key = crypto.file_key()
    out = io.BytesIO()
    crypto.stream_encrypt([b"secret" * 100], key, out)
    changed = bytearray(out.getvalue())
    changed[40] ^= 1
    with pytest.raises(crypto.DecryptionError):
        b"".join(crypto.stream_decrypt(io.BytesIO(bytes(changed)), key))
    with pytest.raises(crypto.DecryptionError):
        b"".join(crypto.stream_decrypt(io.BytesIO(out.getvalue() + b"more"), key))


def test_an_empty_stream_still_has_its_final_chunk():
    key = crypto.file_key()
    out = io.BytesIO()
    crypto.stream_encrypt([], key, out)
    assert b"".join(crypto.stream_decrypt(io.BytesIO(out.getvalue()), key)) == b""


def test_receipts_have_at_least_80_bits_and_hash_differs_from_access_key(settings):
    receipt = crypto.receipt_generate()
    assert len(receipt) == 25
    assert receipt.isdigit()
    salt = crypto.access_salt()
    assert crypto.receipt_hash(receipt) != crypto.receipt_access_key(receipt, salt).hex()
    assert crypto.receipt_hash(receipt) == crypto.receipt_hash(receipt)
    assert settings.WHISTLEBLOWING_KDF["receipt"] != settings.WHISTLEBLOWING_KDF["access"]


def test_handler_key_opens_with_passphrase_or_recovery_key_only():
    material = crypto.handler_keys_create("correct horse battery")
    good = crypto.passphrase_key("correct horse battery", material.salt, material.ops, material.mem)
    private = crypto.box_decrypt(good, material.private_under_passphrase)
    assert (
        crypto.box_decrypt(
            crypto.recovery_key_parse(material.recovery_key.lower()),
            material.private_under_recovery,
        )
        == private
    )
    bad = crypto.passphrase_key("wrong horse battery", material.salt, material.ops, material.mem)
    with pytest.raises(crypto.DecryptionError):
        crypto.box_decrypt(bad, material.private_under_passphrase)
    with pytest.raises(crypto.DecryptionError):
        crypto.box_decrypt(crypto.recovery_key_parse("A" * 52), material.private_under_recovery)
