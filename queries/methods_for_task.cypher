// name: methods_for_task
// description: Methods used for a task: those of the USED_FOR claims naming it (basis "claims", most supporting papers first), or, when there are none, those the papers addressing it use or propose (basis "co-occurrence", most papers first).
// param: task: Task — the task, by name, alias or key (resolved to its key)
// claims: papers = the papers stating "METHOD is used for TASK", latest_year = the newest of them
MATCH (m:Method)-[r:USED_FOR]->(t:Task {key: $task})
OPTIONAL MATCH (p:Paper) WHERE p.key IN r.paper_ids
WITH m, coalesce(r.papers, 0) AS papers, coalesce(r.confidence, 1.0) AS confidence, max(p.year) AS latest_year
RETURN m.name AS method, papers, latest_year, 'claims' AS basis
ORDER BY papers DESC, confidence DESC, method
LIMIT 50
UNION ALL
// co-occurrence, only when no claim names the task (a paper has one relationship to an
// entity, so each row below is one paper: count(*) counts papers)
MATCH (t:Task {key: $task})
OPTIONAL MATCH (:Method)-[c:USED_FOR]->(t)
WITH t, count(c) AS claimed
WHERE claimed = 0
MATCH (p:Paper)-[:ADDRESSES]->(t)
MATCH (p)-[:USES|PROPOSES]->(m:Method)
WITH m, count(*) AS papers, max(p.year) AS latest_year
RETURN m.name AS method, papers, latest_year, 'co-occurrence' AS basis
ORDER BY papers DESC, method
LIMIT 50
