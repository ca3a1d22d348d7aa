"""Benchmarks: speed and memory targets, each a ratio measured in the same run (`make bench`)."""
