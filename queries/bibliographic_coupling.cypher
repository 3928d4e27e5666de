// name: bibliographic_coupling
// description: The stored papers that share the most references with a paper (bibliographic coupling).
// param: paper: string — the paper, by its id (as kg show prints it: doi:…, arxiv:…, pmid:…)
// param: min: integer = 1 — fewest shared references
// param: n: integer = 20 — how many papers
// (every reference with an identifier counts, in the store or not, compared as read; one scan of the
//  papers per reference of the paper: listing every coupled pair of a corpus would square the
//  papers citing a popular reference, beyond a query's memory at 100,000 papers)
MATCH (a:Paper {key: $paper})
UNWIND a.reference_ids AS ref
MATCH (b:Paper)
WHERE b.key <> a.key AND ref IN b.reference_ids
WITH b, count(DISTINCT ref) AS shared
WHERE shared >= $min
RETURN b.title AS title, b.year AS year, shared, b.key AS id
ORDER BY shared DESC, id
LIMIT $n
