-- Every scalar type, by a named placeholder.
-- @param {String} $1:email
SELECT id, email, name, points, big, ratio, balance, active, born, profile, avatar
FROM User
WHERE email = :email
