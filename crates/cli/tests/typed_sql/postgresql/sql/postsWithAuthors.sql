-- @param {Int} $1:minPoints
SELECT p.id, p.title, p.score, u.email AS "authorEmail"
FROM "Post" p
JOIN "User" u ON u.id = p."authorId"
WHERE u.points >= $1
ORDER BY p.id
