// name: emerging_concepts
// description: Concepts by the year they first appear in the corpus, newest first, with their paper counts.
// param: since: integer = null — only concepts first seen in this year or later (null: all)
MATCH (p:Paper)-[:MENTIONS]->(c:Concept)
WHERE p.year IS NOT NULL
WITH c, min(p.year) AS first_year, count(DISTINCT p) AS papers
WHERE $since IS NULL OR first_year >= $since
RETURN c.name AS concept, first_year, papers
ORDER BY first_year DESC, papers DESC, concept
LIMIT 50
