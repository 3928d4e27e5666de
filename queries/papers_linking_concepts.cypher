// name: papers_linking_concepts
// description: The 50 newest papers that mention both of two concepts, with the sentences for each.
// param: a: Concept — the first concept, by name, alias or key (resolved to its key)
// param: b: Concept — the second concept, by name, alias or key (resolved to its key)
// (the 50 papers are chosen first and their sentences read after, paper by paper: reading the
//  sentences of every shared paper before the LIMIT costs many times more on a large graph)
MATCH (:Concept {key: $a})<-[:MENTIONS]-(p:Paper)-[:MENTIONS]->(:Concept {key: $b})
WITH p.key AS key, p.year AS year, p.title AS title
ORDER BY year DESC, title, key
LIMIT 50
WITH collect(key) AS keys
UNWIND keys AS key
MATCH (p:Paper {key: key})-[ra:MENTIONS]->(:Concept {key: $a})
MATCH (p)-[rb:MENTIONS]->(:Concept {key: $b})
RETURN p.title AS title, p.year AS year, ra.evidence AS evidence_a, rb.evidence AS evidence_b
ORDER BY year DESC, title, p.key
