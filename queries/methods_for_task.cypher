// name: methods_for_task
// description: Methods used or proposed by papers addressing a task, most papers first.
// param: task: Task — the task, by name, alias or key (resolved to its key)
MATCH (p:Paper)-[:ADDRESSES]->(t:Task {key: $task})
MATCH (p)-[:USES|PROPOSES]->(m:Method)
RETURN m.name AS method, count(DISTINCT p) AS papers, max(p.year) AS latest_year
ORDER BY papers DESC, method
LIMIT 50
