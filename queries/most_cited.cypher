// name: most_cited
// description: The papers cited most by other papers of the store, with how many references each lists in all.
// param: n: integer = 20 — how many papers
// (citations within the store: CITES links, made where a reference names a stored paper; each paper's
//  count is stored with it as `citations`, so no link is read)
MATCH (p:Paper)
WHERE p.citations > 0
RETURN p.title AS title, p.year AS year, p.citations AS cited_by, p.references AS references, p.key AS id
ORDER BY cited_by DESC, id
LIMIT $n
