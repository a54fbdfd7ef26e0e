"""Stage 1, `make data`: read data/raw/, parse, transform, check, write data/processed/."""
