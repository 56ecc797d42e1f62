"""HTTP throughput and latency benchmark for Socius (see bench/README.md)."""
