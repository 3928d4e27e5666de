// name: bibliographic_coupling
// description: Pairs of stored papers that list the same references (bibliographic coupling), most shared first.
// param: paper: string = "" — only pairs with this paper, by id ("": every pair)
// param: min: integer = 1 — fewest shared references a pair needs
// param: n: integer = 50 — how many pairs
// (every reference with an identifier counts, in the store or not: the papers' reference_ids, grouped
//  by identifier first, so the work grows with the references, not with the pairs of papers)
MATCH (p:Paper)
WHERE size(p.reference_ids) > 0
UNWIND p.reference_ids AS ref
WITH ref, collect(DISTINCT p.key) AS citing
WHERE size(citing) > 1
UNWIND citing AS x
UNWIND citing AS y
WITH x, y, ref
WHERE x < y AND ($paper = '' OR x = $paper OR y = $paper)
WITH x, y, count(DISTINCT ref) AS shared
WHERE shared >= $min
MATCH (a:Paper {key: x}), (b:Paper {key: y})
RETURN a.title AS paper_a, b.title AS paper_b, shared, x AS id_a, y AS id_b
ORDER BY shared DESC, id_a, id_b
LIMIT $n
