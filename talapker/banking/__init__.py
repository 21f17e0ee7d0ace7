"""Bank statements of election-fund accounts, and their reconciliation with what parties
declare (formats.md, section 5). `statements` reads the banks' files; it stores nothing."""
