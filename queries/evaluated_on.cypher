// name: evaluated_on
// description: What a method is evaluated on: the datasets, then the metrics, of the EVALUATES claims naming it (basis "claims", most supporting papers first), or, when there are none, those of the papers using or proposing it (basis "co-occurrence", most papers first).
// param: method: Method — the method, by name, alias or key (resolved to its key)
// claims: papers = the papers stating "DATASET / METRIC evaluates METHOD", latest_year = the newest of them
MATCH (e:Dataset)-[r:EVALUATES]->(m:Method {key: $method})
OPTIONAL MATCH (p:Paper) WHERE p.key IN r.paper_ids
WITH e, coalesce(r.papers, 0) AS papers, coalesce(r.confidence, 1.0) AS confidence, max(p.year) AS latest_year
RETURN 'Dataset' AS kind, e.name AS name, papers, latest_year, 'claims' AS basis
ORDER BY papers DESC, confidence DESC, name
LIMIT 50
UNION ALL
MATCH (e:Metric)-[r:EVALUATES]->(m:Method {key: $method})
OPTIONAL MATCH (p:Paper) WHERE p.key IN r.paper_ids
WITH e, coalesce(r.papers, 0) AS papers, coalesce(r.confidence, 1.0) AS confidence, max(p.year) AS latest_year
RETURN 'Metric' AS kind, e.name AS name, papers, latest_year, 'claims' AS basis
ORDER BY papers DESC, confidence DESC, name
LIMIT 50
UNION ALL
// co-occurrence, only when no claim names the method (a paper has one relationship to an
// entity, so each row below is one paper: count(*) counts papers)
MATCH (m:Method {key: $method})
OPTIONAL MATCH ()-[c:EVALUATES]->(m)
WITH m, count(c) AS claimed
WHERE claimed = 0
MATCH (p:Paper)-[:USES|PROPOSES]->(m)
MATCH (p)-[:EVALUATES_ON|PROPOSES]->(e:Dataset)
WITH e, count(*) AS papers, max(p.year) AS latest_year
RETURN 'Dataset' AS kind, e.name AS name, papers, latest_year, 'co-occurrence' AS basis
ORDER BY papers DESC, name
LIMIT 50
UNION ALL
MATCH (m:Method {key: $method})
OPTIONAL MATCH ()-[c:EVALUATES]->(m)
WITH m, count(c) AS claimed
WHERE claimed = 0
MATCH (p:Paper)-[:USES|PROPOSES]->(m)
MATCH (p)-[:REPORTS]->(e:Metric)
WITH e, count(*) AS papers, max(p.year) AS latest_year
RETURN 'Metric' AS kind, e.name AS name, papers, latest_year, 'co-occurrence' AS basis
ORDER BY papers DESC, name
LIMIT 50
