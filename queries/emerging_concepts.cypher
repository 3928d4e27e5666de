// name: emerging_concepts
// description: Concepts by the year they first appear in the corpus, newest first, with their paper counts.
// param: since: integer = 0 — only concepts first seen in this year or later (0: all)
MATCH (p:Paper)-[:MENTIONS]->(c:Concept)
WHERE p.year IS NOT NULL
WITH c, min(p.year) AS first_year, count(DISTINCT p) AS papers
WHERE first_year >= $since
RETURN c.name AS concept, first_year, papers
ORDER BY first_year DESC, papers DESC, concept
LIMIT 50
