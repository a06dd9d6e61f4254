-- @param {Int} $1:userId The user's id
SELECT id, email, name, points
FROM "User"
WHERE id = $1
