// name: papers_linking_concepts
// description: Papers that mention both of two concepts, newest first, with the sentences for each.
// param: a: Concept — the first concept, by name, alias or key (resolved to its key)
// param: b: Concept — the second concept, by name, alias or key (resolved to its key)
MATCH (a:Concept {key: $a})<-[ra:MENTIONS]-(p:Paper)-[rb:MENTIONS]->(b:Concept {key: $b})
RETURN p.title AS title, p.year AS year, ra.evidence AS evidence_a, rb.evidence AS evidence_b
ORDER BY year DESC, title
