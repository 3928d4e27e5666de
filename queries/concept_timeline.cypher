// name: concept_timeline
// description: Papers per year that mention a concept, oldest year first.
// param: concept: Concept — the concept, by name, alias or key (resolved to its key)
MATCH (p:Paper)-[:MENTIONS]->(c:Concept {key: $concept})
WHERE p.year IS NOT NULL
RETURN p.year AS year, count(DISTINCT p) AS papers
ORDER BY year
