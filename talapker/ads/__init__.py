"""Political ads from the ad libraries (formats.md, section 6, and the Meta and Google
exports mapped onto it): their spend in som and their payers matched in the registers.
`formats` reads the files; it stores nothing."""
