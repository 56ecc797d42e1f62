"""The scheme's cryptography (design and limits: docs/whistleblowing.md, section 2).

Everything secret about a report is sealed to the report's own X25519 key; the report's
private key is sealed to each handler and stored under a key derived from the receipt.
Functions here are pure: no database, no request. Argon2 parameters come from settings so
tests and benchmarks can choose them; production uses the defaults below.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO

import nacl.bindings as sodium
import nacl.pwhash.argon2id as nacl_argon2id
from argon2.low_level import Type, hash_secret_raw
from django.conf import settings
from nacl.exceptions import BadSignatureError, CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox
from nacl.signing import SigningKey, VerifyKey

RECEIPT_DIGITS = 25  # 10**25 ≈ 2**83
CHUNK = 64 * 1024
_ABYTES = sodium.crypto_secretstream_xchacha20poly1305_ABYTES
_HEADER = sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES
_TAG_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
_TAG_MESSAGE = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE


class DecryptionError(Exception):
    """Wrong key, changed or truncated ciphertext: never say which."""


def _params(name: str) -> tuple[int, int]:
    ops, mem = settings.WHISTLEBLOWING_KDF[name]
    return int(ops), int(mem)


# --- Sealing to a public key ------------------------------------------------------------------
def seal(public_key: bytes, plaintext: bytes) -> bytes:
    return bytes(SealedBox(PublicKey(public_key)).encrypt(plaintext))


def unseal(private_key: bytes, ciphertext: bytes) -> bytes:
    try:
        return bytes(SealedBox(PrivateKey(private_key)).decrypt(ciphertext))
    except (CryptoError, ValueError, TypeError) as exc:
        raise DecryptionError from exc


def seal_text(public_key: bytes, text: str) -> bytes:
    return seal(public_key, text.encode("utf-8"))


def unseal_text(private_key: bytes, ciphertext: bytes | None) -> str:
    if not ciphertext:
        return ""
    return unseal(private_key, bytes(ciphertext)).decode("utf-8")


@dataclass(frozen=True)
class KeyPair:
    public: bytes
    private: bytes


def keypair_generate() -> KeyPair:
    key = PrivateKey.generate()
    return KeyPair(public=bytes(key.public_key), private=bytes(key))


# --- Secret-key boxes under derived keys ------------------------------------------------------
def box_encrypt(key: bytes, plaintext: bytes) -> bytes:
    return bytes(SecretBox(key).encrypt(plaintext))


def box_decrypt(key: bytes, ciphertext: bytes) -> bytes:
    try:
        return bytes(SecretBox(key).decrypt(bytes(ciphertext)))
    except (CryptoError, ValueError, TypeError) as exc:
        raise DecryptionError from exc


def passphrase_key(passphrase: str, salt: bytes, ops: int, mem: int) -> bytes:
    """Argon2id(passphrase) -> the 32-byte key that encrypts a handler's private key."""
    return bytes(
        nacl_argon2id.kdf(
            SecretBox.KEY_SIZE, passphrase.encode("utf-8"), salt, opslimit=ops, memlimit=mem
        )
    )


@dataclass(frozen=True)
class HandlerKeyMaterial:
    public_key: bytes
    salt: bytes
    ops: int
    mem: int
    private_under_passphrase: bytes
    private_under_recovery: bytes
    recovery_key: str  # shown once, never stored


def handler_keys_create(passphrase: str) -> HandlerKeyMaterial:
    pair = keypair_generate()
    ops, mem = _params("handler")
    salt = secrets.token_bytes(nacl_argon2id.SALTBYTES)
    recovery = secrets.token_bytes(SecretBox.KEY_SIZE)
    return HandlerKeyMaterial(
        public_key=pair.public,
        salt=salt,
        ops=ops,
        mem=mem,
        private_under_passphrase=box_encrypt(
            passphrase_key(passphrase, salt, ops, mem), pair.private
        ),
        private_under_recovery=box_encrypt(recovery, pair.private),
        recovery_key=recovery_key_format(recovery),
    )


def recovery_key_format(raw: bytes) -> str:
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def recovery_key_parse(text: str) -> bytes:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    try:
        raw = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except ValueError as exc:
        raise DecryptionError from exc
    if len(raw) != SecretBox.KEY_SIZE:
        raise DecryptionError
    return raw


# --- Receipts ---------------------------------------------------------------------------------
def receipt_generate() -> str:
    return "".join(str(secrets.randbelow(10)) for _ in range(RECEIPT_DIGITS))


def receipt_format(receipt: str) -> str:
    return " ".join(receipt[i : i + 5] for i in range(0, len(receipt), 5))


def _receipt_salt() -> bytes:
    configured = settings.WHISTLEBLOWING_RECEIPT_SALT
    if configured:
        return hashlib.sha256(configured.encode()).digest()[:16]
    return hmac.new(settings.SECRET_KEY.encode(), b"whistleblowing-receipt", "sha256").digest()[:16]


def receipt_hash(receipt: str) -> str:
    """The stored form of a receipt: Argon2id under the installation salt (lookup-able)."""
    t, m_kib = _params("receipt")
    raw = hash_secret_raw(
        receipt.encode("ascii"),
        _receipt_salt(),
        time_cost=t,
        memory_cost=m_kib,
        parallelism=1,
        hash_len=32,
        type=Type.ID,
    )
    return raw.hex()


def receipt_access_key(receipt: str, salt: bytes) -> bytes:
    """The key that opens the reporter's copy of the report key: other salt, other parameters."""
    ops, mem = _params("access")
    return passphrase_key(receipt, salt, ops, mem)


def access_salt() -> bytes:
    return secrets.token_bytes(nacl_argon2id.SALTBYTES)


# --- Streaming file encryption ----------------------------------------------------------------
def file_key() -> bytes:
    return bytes(sodium.crypto_secretstream_xchacha20poly1305_keygen())


def stream_encrypt(chunks: Iterable[bytes], key: bytes, out: IO[bytes]) -> int:
    """Encrypt ``chunks`` to ``out``; returns the plaintext size. The last chunk is FINAL."""
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    out.write(sodium.crypto_secretstream_xchacha20poly1305_init_push(state, key))
    size = 0
    pending: bytes | None = None
    for chunk in _rechunk(chunks):
        if pending is not None:
            out.write(
                sodium.crypto_secretstream_xchacha20poly1305_push(
                    state, pending, None, _TAG_MESSAGE
                )
            )
        pending = chunk
        size += len(chunk)
    out.write(
        sodium.crypto_secretstream_xchacha20poly1305_push(state, pending or b"", None, _TAG_FINAL)
    )
    return size


def _rechunk(chunks: Iterable[bytes]) -> Iterator[bytes]:
    buffer = b""
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= CHUNK:
            yield buffer[:CHUNK]
            buffer = buffer[CHUNK:]
    if buffer:
        yield buffer


def stream_decrypt(source: IO[bytes], key: bytes) -> Iterator[bytes]:
    """Yield plaintext chunks; raise DecryptionError on tampering, truncation or trailing data."""
    header = source.read(_HEADER)
    if len(header) != _HEADER:
        raise DecryptionError
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    try:
        sodium.crypto_secretstream_xchacha20poly1305_init_pull(state, header, key)
    except (CryptoError, ValueError) as exc:
        raise DecryptionError from exc
    while True:
        block = source.read(CHUNK + _ABYTES)
        if not block:
            raise DecryptionError  # ended before the FINAL chunk: truncated
        try:
            plain, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(state, block, None)
        except (CryptoError, ValueError) as exc:
            raise DecryptionError from exc
        if tag == _TAG_FINAL:
            if source.read(1):
                raise DecryptionError  # data after the end
            yield plain
            return
        yield plain


# --- Approving a colleague's key ----------------------------------------------------------------
# A handler approves a new handler's public key with an Ed25519 signature whose seed is derived
# from the approving handler's own X25519 private key. The matching verify key is never stored:
# it is derived again from the unlocked private key whenever the approval is checked, so a row
# in the database cannot stand in for it (docs/whistleblowing.md, "Handler keys").
_APPROVAL_PERSON = b"wb-approval-v1"  # BLAKE2b personalisation: at most 16 bytes
FINGERPRINT_BYTES = 16  # 128 bits, read aloud in 8 groups of 4 hex digits


def fingerprint(public_key: bytes) -> str:
    """The public key's fingerprint as people compare it: ``1A2B 3C4D …`` (8 groups)."""
    digest = hashlib.sha256(b"socius-wb-key:" + bytes(public_key)).hexdigest()
    text = digest[: FINGERPRINT_BYTES * 2].upper()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def public_from_private(private_key: bytes) -> bytes:
    return bytes(PrivateKey(private_key).public_key)


def _approval_signing_key(private_key: bytes) -> SigningKey:
    seed = hashlib.blake2b(
        bytes(private_key), digest_size=32, key=b"socius-whistleblowing", person=_APPROVAL_PERSON
    ).digest()
    return SigningKey(seed)


def approval_message(channel_id: int, user_id: int, public_key: bytes) -> bytes:
    return b"socius-wb-approval-v1|%d|%d|" % (channel_id, user_id) + bytes(public_key)


def approval_sign(private_key: bytes, message: bytes) -> bytes:
    return bytes(_approval_signing_key(private_key).sign(message).signature)


def approval_verify(private_key: bytes, message: bytes, signature: bytes) -> bool:
    """Whether ``signature`` was made over ``message`` by the holder of ``private_key``."""
    verify: VerifyKey = _approval_signing_key(private_key).verify_key
    try:
        verify.verify(message, bytes(signature))
    except (BadSignatureError, ValueError, TypeError):
        return False
    return True
