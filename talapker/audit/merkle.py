"""The Merkle tree of RFC 9162 (Certificate Transparency 2.0), §2.1, over audit events.

A leaf is SHA-256(0x00 || the event's hash as 32 bytes); a node is SHA-256(0x01 || left ||
right); a tree of n > 1 leaves splits at k, the largest power of two below n. An audit path
(§2.1.3) proves that one leaf is in a tree of a given root without the other leaves.
Standard library only, so that an outsider can read it beside the RFC.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


def leaf_hash(event_hash: str) -> bytes:
    """The leaf of an event: its chain hash (hex) as bytes, prefixed 0x00."""
    return hashlib.sha256(b"\x00" + bytes.fromhex(event_hash)).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def tree_hash(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]) of the leaf hashes. Level by level, a lone last node moves up unchanged:
    the same tree as the RFC's recursive split, without its recursion."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    level = list(leaves)
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def audit_path(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PATH(m, D[n]) of §2.1.3.1: the sibling hashes from the leaf up to the root."""
    if not 0 <= index < len(leaves):
        raise IndexError(f"leaf {index} is not in a tree of {len(leaves)}")
    path: list[bytes] = []
    low, high = 0, len(leaves)
    while high - low > 1:  # down from the root; the siblings are collected top first
        k = _split(high - low)
        if index - low < k:
            path.append(tree_hash(leaves[low + k : high]))
            high = low + k
        else:
            path.append(tree_hash(leaves[low : low + k]))
            low += k
    return path[::-1]


def root_from_path(index: int, size: int, leaf: bytes, path: Sequence[bytes]) -> bytes | None:
    """The root an audit path leads to (§2.1.3.2), or None if the path cannot be one."""
    if not 0 <= index < size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None
