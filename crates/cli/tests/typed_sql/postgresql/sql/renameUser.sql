-- @param {String} $1:name? The new name, or NULL to clear it
-- @param {Int} $2:userId
UPDATE "User" SET name = $1 WHERE id = $2
