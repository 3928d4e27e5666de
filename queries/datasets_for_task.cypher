// name: datasets_for_task
// description: Datasets that papers addressing a task evaluate on (or propose), most papers first.
// param: task: Task — the task, by name, alias or key (resolved to its key)
MATCH (p:Paper)-[:ADDRESSES]->(t:Task {key: $task})
MATCH (p)-[:EVALUATES_ON|PROPOSES]->(d:Dataset)
RETURN d.name AS dataset, count(DISTINCT p) AS papers, max(p.year) AS latest_year
ORDER BY papers DESC, dataset
LIMIT 50
