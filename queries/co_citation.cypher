// name: co_citation
// description: Pairs of stored papers cited together by the same papers (co-citation), most often first.
// param: paper: string = "" — only pairs with this paper, by id ("": every pair)
// param: min: integer = 1 — fewest citing papers a pair needs
// param: n: integer = 50 — how many pairs
MATCH (c:Paper)-[:CITES]->(a:Paper), (c)-[:CITES]->(b:Paper)
WHERE a.key < b.key AND ($paper = '' OR a.key = $paper OR b.key = $paper)
WITH a, b, count(DISTINCT c) AS together
WHERE together >= $min
RETURN a.title AS paper_a, b.title AS paper_b, together, a.key AS id_a, b.key AS id_b
ORDER BY together DESC, id_a, id_b
LIMIT $n
