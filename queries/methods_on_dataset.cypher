// name: methods_on_dataset
// description: Methods used or proposed by the papers that evaluate on (or propose) a dataset, most papers first.
// param: dataset: Dataset — the dataset, by name, alias or key (resolved to its key)
MATCH (p:Paper)-[:EVALUATES_ON|PROPOSES]->(d:Dataset {key: $dataset})
MATCH (p)-[:USES|PROPOSES]->(m:Method)
RETURN m.name AS method, count(DISTINCT p) AS papers, max(p.year) AS latest_year
ORDER BY papers DESC, method
LIMIT 50
