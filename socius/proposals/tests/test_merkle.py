import hashlib

from hypothesis import given
from hypothesis import strategies as st

from socius.proposals.merkle import EMPTY_ROOT, merkle_proof, merkle_root, merkle_verify

leaves_st = st.lists(st.binary(min_size=32, max_size=32).map(bytes.hex), min_size=1, max_size=40)


def test_it_hashes_the_empty_tree_and_one_leaf_as_rfc_6962():
    assert merkle_root([]) == EMPTY_ROOT == hashlib.sha256(b"").hexdigest()
    leaf = "ab" * 32
    assert merkle_root([leaf]) == hashlib.sha256(b"\x00" + bytes.fromhex(leaf)).hexdigest()


def test_it_splits_at_the_largest_power_of_two():
    a, b, c = ("01" * 32, "02" * 32, "03" * 32)
    h = lambda data: hashlib.sha256(data).digest()  # noqa: E731
    la, lb, lc = (h(b"\x00" + bytes.fromhex(x)) for x in (a, b, c))
    expected = h(b"\x01" + h(b"\x01" + la + lb) + lc).hex()
    assert merkle_root([a, b, c]) == expected


@given(leaves_st, st.data())
def test_every_leaf_has_a_proof_that_verifies(leaves, data):
    root = merkle_root(leaves)
    index = data.draw(st.integers(min_value=0, max_value=len(leaves) - 1))
    proof = merkle_proof(index, leaves)
    assert merkle_verify(leaves[index], index, len(leaves), proof, root)


@given(leaves_st, st.data())
def test_a_forged_leaf_or_proof_fails(leaves, data):
    root = merkle_root(leaves)
    index = data.draw(st.integers(min_value=0, max_value=len(leaves) - 1))
    proof = merkle_proof(index, leaves)
    forged = "ff" * 32 if leaves[index] != "ff" * 32 else "ee" * 32
    assert not merkle_verify(forged, index, len(leaves), proof, root)
    if proof:
        bad = [*proof[:-1], "00" * 32]
        assert not merkle_verify(leaves[index], index, len(leaves), bad, root)
    assert not merkle_verify(leaves[index], len(leaves), len(leaves), proof, root)
    assert not merkle_verify("not hex", index, len(leaves), proof, root)
