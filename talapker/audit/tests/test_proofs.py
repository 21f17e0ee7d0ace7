"""Inclusion proofs (RFC 9162 §2.1.3) check out with a verifier written here from the RFC,
for every leaf of trees of every shape up to 33 leaves, and through the API."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from django.test import Client

from talapker.audit.merkle import audit_path, tree_hash
from talapker.audit.roots import roots_seal
from talapker.audit.tests.conftest import DAY, Record
from talapker.audit.tests.test_roots import mth


def verify_inclusion(index: int, size: int, leaf: bytes, path: list[bytes], root: bytes) -> bool:
    """RFC 9162 §2.1.3.2, step by step, written apart from merkle.py."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            r = hashlib.sha256(b"\x01" + p + r).digest()
            if fn % 2 == 0:
                while not (fn % 2 == 1 or fn == 0):
                    fn, sn = fn // 2, sn // 2
        else:
            r = hashlib.sha256(b"\x01" + r + p).digest()
        fn, sn = fn // 2, sn // 2
    return sn == 0 and r == root


def leaves(n: int) -> list[bytes]:
    return [hashlib.sha256(b"\x00" + bytes([i % 256, i // 256])).digest() for i in range(n)]


@pytest.mark.parametrize("size", range(1, 34))
def test_every_path_of_every_tree_leads_to_its_root(size: int) -> None:
    tree = leaves(size)
    root = tree_hash(tree)
    assert root == mth(tree)
    for index in range(size):
        path = audit_path(index, tree)
        assert verify_inclusion(index, size, tree[index], path, root), (size, index)
        assert not verify_inclusion(index, size, tree[(index + 1) % size], path, root) or size == 1
        if path:
            wrong = [bytes(32), *path[1:]]
            assert not verify_inclusion(index, size, tree[index], wrong, root)


@pytest.mark.django_db
def test_the_apis_proof_verifies_with_the_published_key(client: Client, record_on: Record) -> None:
    record_on(DAY, 11)
    roots_seal(today=DAY + dt.timedelta(days=1))
    key = client.get("/api/v1/audit/key").json()
    public = load_pem_public_key(key["public_key_pem"].encode())
    assert key["fingerprint"] == hashlib.sha256(bytes.fromhex(key["public_key_hex"])).hexdigest()
    for seq in range(1, 12):
        proof = client.get(f"/api/v1/audit/proof/{seq}").json()
        leaf = hashlib.sha256(b"\x00" + bytes.fromhex(proof["hash"])).digest()
        assert leaf.hex() == proof["leaf_hash"]
        root = proof["root"]
        path = [bytes.fromhex(p) for p in proof["audit_path"]]
        assert verify_inclusion(
            proof["index"], root["size"], leaf, path, bytes.fromhex(root["root"])
        )
        message = json.dumps(
            {k: root[k] for k in ("day", "first_seq", "last_seq", "size", "root", "key")},
            sort_keys=True, separators=(",", ":"),
        )  # fmt: skip
        assert message == root["signed_message"]
        public.verify(bytes.fromhex(root["signature"]), message.encode())  # type: ignore[union-attr]


@pytest.mark.django_db
def test_a_proof_shows_no_content_of_the_event(client: Client, record_on: Record) -> None:
    record_on(DAY, 2)
    roots_seal(today=DAY + dt.timedelta(days=1))
    response = client.get("/api/v1/audit/proof/1")
    text = response.content.decode()
    assert set(response.json()) == {
        "seq", "hash", "leaf_hash", "day", "index", "tree_size", "audit_path", "root",
    }  # fmt: skip
    for private in ("21503198500124", "Асанов", "treasurer1", "test.happened", "thing"):
        assert private not in text


@pytest.mark.django_db
def test_an_unsealed_or_unknown_event_has_no_proof(client: Client, record_on: Record) -> None:
    record_on(DAY, 2)
    assert client.get("/api/v1/audit/proof/1").status_code == 404  # its day not sealed
    roots_seal(today=DAY + dt.timedelta(days=1))
    assert client.get("/api/v1/audit/proof/1").status_code == 200
    assert client.get("/api/v1/audit/proof/3").status_code == 404  # the sealing: today's
    assert client.get("/api/v1/audit/proof/99").json()["code"] == "not_found"
