"""Campaign-finance reports: reading the filed tables (formats.md section 4) and checking
the signed scan. Models, services and views are added when the app is wired in."""
