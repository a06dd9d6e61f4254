SELECT u.id, u.email, COUNT(p.id) AS "postCount", SUM(p.score) AS "totalScore"
FROM "User" u
LEFT JOIN "Post" p ON p."authorId" = u.id
GROUP BY u.id, u.email
ORDER BY u.id
