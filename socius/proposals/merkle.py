"""The Merkle tree over a proposal's receipts (the scheme of RFC 6962, section 2.1).

Leaves are the receipt hashes (SHA-256 of the receipt token, hex), sorted. A leaf's node is
SHA-256(0x00 || leaf bytes), an inner node SHA-256(0x01 || left || right); a list of n > 1
leaves splits at k, the largest power of two below n. The distinct prefixes stop a leaf being
passed off as an inner node. Anyone with the published leaf list can recompute the root.
"""

from __future__ import annotations

import hashlib

EMPTY_ROOT = hashlib.sha256(b"").hexdigest()


def _leaf(leaf: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + leaf).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def _root(leaves: list[bytes]) -> bytes:
    if len(leaves) == 1:
        return _leaf(leaves[0])
    k = _split(len(leaves))
    return _node(_root(leaves[:k]), _root(leaves[k:]))


def merkle_root(leaves: list[str]) -> str:
    """The root (hex) over hex leaves in the given order; the empty tree has SHA-256("")."""
    if not leaves:
        return EMPTY_ROOT
    return _root([bytes.fromhex(x) for x in leaves]).hex()


def _path(index: int, leaves: list[bytes]) -> list[bytes]:
    if len(leaves) <= 1:
        return []
    k = _split(len(leaves))
    if index < k:
        return [*_path(index, leaves[:k]), _root(leaves[k:])]
    return [*_path(index - k, leaves[k:]), _root(leaves[:k])]


def merkle_proof(index: int, leaves: list[str]) -> list[str]:
    """The audit path (hex, bottom up) of the leaf at ``index``."""
    return [node.hex() for node in _path(index, [bytes.fromhex(x) for x in leaves])]


def merkle_verify(leaf: str, index: int, size: int, proof: list[str], root: str) -> bool:
    """Whether ``leaf`` at ``index`` in a tree of ``size`` leaves hashes up to ``root``."""
    if not 0 <= index < size:
        return False
    try:
        node = _leaf(bytes.fromhex(leaf))
        path = [bytes.fromhex(p) for p in proof]
    except ValueError:
        return False
    fn, sn = index, size - 1
    for sibling in path:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            node = _node(sibling, node)
            while fn % 2 == 0 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            node = _node(node, sibling)
        fn >>= 1
        sn >>= 1
    return sn == 0 and node.hex() == root
