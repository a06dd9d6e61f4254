-- An array parameter (PostgreSQL's `= ANY($1)`).
-- @param {Int} $1:ids
SELECT id, email FROM "User" WHERE id = ANY($1) ORDER BY id
