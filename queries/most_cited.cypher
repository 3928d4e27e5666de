// name: most_cited
// description: The papers cited most by other papers of the store, with how many references each lists in all.
// param: n: integer = 20 — how many papers
// (citations within the store: CITES links, made where a reference names a stored paper; counted by
//  key first, titles read for the n papers kept)
MATCH (:Paper)-[:CITES]->(p:Paper)
WITH p.key AS id, count(*) AS cited_by
WITH id, cited_by ORDER BY cited_by DESC, id LIMIT $n
MATCH (p:Paper {key: id})
RETURN p.title AS title, p.year AS year, cited_by, p.references AS references, id
ORDER BY cited_by DESC, id
