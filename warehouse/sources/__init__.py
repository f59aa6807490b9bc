"""Source readers: one module per source format, each feed's quirks in a small profile."""
