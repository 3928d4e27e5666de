// name: concepts_with_method
// description: Concepts mentioned by the papers that use or propose a method, most shared papers first.
// param: method: Method — the method, by name, alias or key (resolved to its key)
MATCH (m:Method {key: $method})<-[:USES|PROPOSES]-(p:Paper)-[:MENTIONS]->(c:Concept)
WITH c, p ORDER BY p.year SKIP 0
RETURN c.name AS concept, count(DISTINCT p) AS papers, collect(DISTINCT p.year) AS years
ORDER BY papers DESC, concept
LIMIT 50
