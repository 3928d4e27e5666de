// name: methods_on_dataset
// description: Methods used or proposed by the papers that evaluate on (or propose) a dataset, most papers first.
// param: dataset: Dataset — the dataset, by name, alias or key (resolved to its key)
// (a paper has one relationship to an entity, so each row below is one paper: count(*) counts papers)
MATCH (p:Paper)-[:EVALUATES_ON|PROPOSES]->(d:Dataset {key: $dataset})
MATCH (p)-[:USES|PROPOSES]->(m:Method)
WITH m, count(*) AS papers, max(p.year) AS latest_year
RETURN m.name AS method, papers, latest_year
ORDER BY papers DESC, method
LIMIT 50
