"""The rule families; importing this package registers every rule (see registry.py)."""

from talapker.compliance.rules import bank, entities, filing, money, people

__all__ = ["bank", "entities", "filing", "money", "people"]
