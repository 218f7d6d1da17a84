"""The benchmark harness behind ``powermap bench``: ingest throughput, cold start,
answer latencies (cold and warm), API throughput under concurrent clients, the
web account page's first paint, and peak memory. See BENCHMARKS.md."""
