#!/usr/bin/env python3
"""Re-check a Talapker ballot-order draw protocol without the platform (docs/draw.md):
`python3 verify_draw.py PROTOCOL.json`. Exit 0: it holds; 1: names the first failing part
(commitment, seed, order); 2: the file is not a protocol. Standard library only."""

import hashlib
import json
import re
import sys


def field(data):  # length (8 bytes, big-endian), then the bytes
    return len(data).to_bytes(8, "big") + data


def texts(items):  # count (8 bytes, big-endian), then each item as a UTF-8 field
    return len(items).to_bytes(8, "big") + b"".join(field(s.encode()) for s in items)


def words(seed):  # 32-bit big-endian integers from blocks SHA-256(seed || counter)
    counter = 0
    while True:
        block = hashlib.sha256(seed + counter.to_bytes(8, "big")).digest()
        yield from (int.from_bytes(block[k : k + 4], "big") for k in range(0, 32, 4))
        counter += 1


def shuffle(items, seed):  # Fisher-Yates, i from n-1 down to 1, j uniform in [0, i]
    stream, order = words(seed), list(items)
    for i in range(len(order) - 1, 0, -1):
        limit = 2**32 - 2**32 % (i + 1)  # reject the biased tail: no modulo bias
        j = next(w for w in stream if w < limit) % (i + 1)
        order[i], order[j] = order[j], order[i]
    return order


def check(p):
    for name in ("parties", "witnesses", "order"):
        if not all(isinstance(x, str) for x in p[name]) or not isinstance(p[name], list):
            raise TypeError(f"{name} is not a list of strings")
    secret, parties = p["secret"], p["parties"]
    if not re.fullmatch("[0-9a-f]{64}", secret) or (
        hashlib.sha256(bytes.fromhex(secret)).hexdigest() != p["commitment"]
    ):
        return "commitment"
    body = field(b"talapker-draw-v1") + field(p["election"].encode()) + texts(parties)
    seed = hashlib.sha256(body + field(bytes.fromhex(secret)) + texts(p["witnesses"]))
    if parties != sorted(set(parties)) or seed.hexdigest() != p["seed"]:
        return "seed"
    known = p["algorithm"] == {"name": "fisher-yates-sha256", "version": 1}
    return None if known and shuffle(parties, seed.digest()) == p["order"] else "order"


if __name__ == "__main__":
    try:
        with open(sys.argv[1], "rb") as file:
            failed = check(json.load(file))
    except (LookupError, OSError, ValueError, TypeError, AttributeError, RecursionError) as err:
        print(f"not a draw protocol: {err!r}", file=sys.stderr)
        sys.exit(2)
    print("holds: commitment, seed and order" if failed is None else f"FAILS: {failed}")
    sys.exit(0 if failed is None else 1)
