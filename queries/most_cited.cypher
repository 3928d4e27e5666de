// name: most_cited
// description: The papers cited most by other papers of the store, with how many references each lists in all.
// param: n: integer = 20 — how many papers
// (citations within the store: CITES links, made where a reference names a stored paper)
MATCH (c:Paper)-[:CITES]->(p:Paper)
WITH p, count(DISTINCT c) AS cited_by
RETURN p.title AS title, p.year AS year, cited_by, p.references AS references, p.key AS id
ORDER BY cited_by DESC, title, id
LIMIT $n
