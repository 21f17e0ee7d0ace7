"""The rule families; importing this package registers every rule (see registry.py)."""

from talapker.compliance.rules import ads, bank, entities, filing, money, payees, people

__all__ = ["ads", "bank", "entities", "filing", "money", "payees", "people"]
