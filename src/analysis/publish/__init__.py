"""Stage 3, `make reports`: execute notebooks, render HTML, index, incremental builds."""
