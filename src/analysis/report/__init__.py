"""Stage 2, the notebooks: load processed tables, compute findings, charts, formatting, labels."""
