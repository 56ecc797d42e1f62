"""Where the atlas's figures come from: the shipped file, StatBank, and the parsers they share."""
