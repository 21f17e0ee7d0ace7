"""The fault harness (issue 18, part 4): writes under faults, then checks that nothing was lost."""
