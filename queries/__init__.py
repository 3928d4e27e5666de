"""Ready-made queries over a paperkg graph and the named Cypher catalogue."""
