// name: co_citation
// description: The stored papers cited most often together with a paper, by papers of the store (co-citation).
// param: paper: string — the paper, by its id (as kg show prints it: doi:…, arxiv:…, pmid:…)
// param: min: integer = 1 — fewest papers citing both
// param: n: integer = 20 — how many papers
// (one paper at a time: every co-cited pair of a corpus squares each paper's citations; for the whole
//  network, kg export --type Paper writes the CITES graph for VOSviewer, CiteSpace or Gephi)
MATCH (a:Paper {key: $paper})<-[:CITES]-(c:Paper)-[:CITES]->(b:Paper)
WHERE b.key <> a.key
WITH b.key AS id, count(*) AS together
WITH id, together WHERE together >= $min
WITH id, together ORDER BY together DESC, id LIMIT $n
MATCH (b:Paper {key: id})
RETURN b.title AS title, b.year AS year, together, id
ORDER BY together DESC, id
