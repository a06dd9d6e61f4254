-- @param {Int} $1:minPoints
SELECT p.id, p.title, p.score, u.email AS authorEmail
FROM Post p
JOIN User u ON u.id = p.authorId
WHERE u.points >= ?
ORDER BY p.id
