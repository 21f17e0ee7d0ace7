"""The rule families; importing this package registers every rule (see registry.py)."""

from talapker.compliance.rules import (
    ads,
    bank,
    candidates,
    entities,
    filing,
    money,
    payees,
    people,
)

__all__ = ["ads", "bank", "candidates", "entities", "filing", "money", "payees", "people"]
