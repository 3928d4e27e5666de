// name: methods_for_task
// description: Methods used or proposed by papers addressing a task, most papers first.
// param: task: Task — the task, by name, alias or key (resolved to its key)
// (a paper has one relationship to an entity, so each row below is one paper: count(*) counts papers)
MATCH (p:Paper)-[:ADDRESSES]->(t:Task {key: $task})
MATCH (p)-[:USES|PROPOSES]->(m:Method)
WITH m, count(*) AS papers, max(p.year) AS latest_year
RETURN m.name AS method, papers, latest_year
ORDER BY papers DESC, method
LIMIT 50
