"""Norway as data: SSB's register, Kartverket's map geometry, a new edition for a county."""
