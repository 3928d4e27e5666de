// name: datasets_for_task
// description: Datasets that papers addressing a task evaluate on (or propose), most papers first.
// param: task: Task — the task, by name, alias or key (resolved to its key)
// (a paper has one relationship to an entity, so each row below is one paper: count(*) counts papers)
MATCH (p:Paper)-[:ADDRESSES]->(t:Task {key: $task})
MATCH (p)-[:EVALUATES_ON|PROPOSES]->(d:Dataset)
WITH d, count(*) AS papers, max(p.year) AS latest_year
RETURN d.name AS dataset, papers, latest_year
ORDER BY papers DESC, dataset
LIMIT 50
