// name: emerging_concepts
// description: Concepts by the year they first appear in the corpus, newest first, with their paper counts.
// param: since: integer = 0 — only concepts first seen in this year or later (0: all)
// (first_year, the year of a concept's earliest paper, is written with the graph: no paper link is read)
MATCH (c:Concept)
WHERE c.first_year >= $since
RETURN c.name AS concept, c.first_year AS first_year, c.papers AS papers
ORDER BY first_year DESC, papers DESC, concept
LIMIT 50
