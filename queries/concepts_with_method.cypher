// name: concepts_with_method
// description: Concepts mentioned by the papers that use or propose a method, most shared papers first, with the first and latest year.
// param: method: Method — the method, by name, alias or key (resolved to its key)
// (a paper has one relationship to an entity, so each row below is one paper: count(*) counts papers)
MATCH (m:Method {key: $method})<-[:USES|PROPOSES]-(p:Paper)-[:MENTIONS]->(c:Concept)
WITH c, count(*) AS papers, min(p.year) AS first_year, max(p.year) AS latest_year
RETURN c.name AS concept, papers, first_year, latest_year
ORDER BY papers DESC, concept
LIMIT 50
