"""Developer tools kept out of the reports' dependencies: benchmarks and synthetic data."""
