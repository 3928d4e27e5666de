// name: emerging_concepts
// description: Concepts by the year they first appear in the corpus, newest first, with their papers that have a year.
// param: since: integer = 0 — only concepts first seen in this year or later (0: all)
// (min and count skip papers without a year; a paper mentions a concept once, so count counts papers)
MATCH (p:Paper)-[:MENTIONS]->(c:Concept)
WITH c, min(p.year) AS first_year, count(p.year) AS papers
WHERE first_year >= $since
RETURN c.name AS concept, first_year, papers
ORDER BY first_year DESC, papers DESC, concept
LIMIT 50
