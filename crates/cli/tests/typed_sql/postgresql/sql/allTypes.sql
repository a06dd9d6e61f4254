-- Every scalar type; the parameter's type and name come from the database.
SELECT id, email, name, points, big, ratio, balance, active, born, profile, avatar
FROM "User"
WHERE email = $1
