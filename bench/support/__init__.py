"""Development support shared by the tests, the benchmarks and scripts/: a headless
Chromium (:mod:`bench.support.browser`), a FalkorDB Bolt server
(:mod:`bench.support.bolt_server`) and ``kg build`` processes over made-up corpora
(:mod:`bench.support.store_processes`). Not part of the paperkg package; nothing
here imports from ``tests/``."""
