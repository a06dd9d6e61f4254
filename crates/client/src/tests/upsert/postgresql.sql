-- one unique field, create gives its value
INSERT INTO "User" ("email", "visits") VALUES ($1, $2) ON CONFLICT ("email") DO UPDATE SET "visits" = "User"."visits" + $3 RETURNING "id", "email", "name", "visits"
-- params: [Text("ann@example.com"), Int(1), Int(1)]

-- the id, create gives it and an email (which could conflict on MySQL)
INSERT INTO "User" ("id", "email", "visits") VALUES ($1, $2, $3) ON CONFLICT ("id") DO UPDATE SET "name" = $4 RETURNING "id", "email", "name", "visits"
-- params: [Int(7), Text("bob@example.com"), Int(1), Text("Bob")]

-- a compound id, the other unique inserted as NULL
INSERT INTO "Member" ("tenant", "login", "nick", "score") VALUES ($1, $2, $3, $4) ON CONFLICT ("tenant", "login") DO UPDATE SET "score" = "Member"."score" + $5 RETURNING "tenant", "login", "nick", "score"
-- params: [Text("acme"), Text("ann"), Null, Int(0), Int(10)]

-- a compound id, the other unique given
INSERT INTO "Member" ("tenant", "login", "nick", "score") VALUES ($1, $2, $3, $4) ON CONFLICT ("tenant", "login") DO UPDATE SET "score" = "Member"."score" + $5 RETURNING "tenant", "login", "nick", "score"
-- params: [Text("acme"), Text("ann"), Text("a"), Int(0), Int(10)]

-- the update changes the unique field
INSERT INTO "User" ("email", "visits") VALUES ($1, $2) ON CONFLICT ("email") DO UPDATE SET "email" = $3 RETURNING "id", "email", "name", "visits"
-- params: [Text("ann@example.com"), Int(1), Text("new@x")]

-- a model with a partial unique index
INSERT INTO "Tag" ("code", "label") VALUES ($1, $2) ON CONFLICT ("code") DO UPDATE SET "label" = $3 RETURNING "code", "label"
-- params: [Text("a"), Text("A"), Text("B")]

-- create gives another value
read then write: create does not give the where's values

-- create leaves the unique field out
read then write: create does not give the where's values

-- the where adds a condition
read then write: the where is not the fields of one unique constraint

-- the where names two unique constraints
read then write: the where names more than one unique constraint

-- one field of a compound id
read then write: the where is not the fields of one unique constraint

-- a null unique value
read then write: the where is more than the equality of a unique's fields

-- an empty update
read then write: an empty update

-- a nested write in create
read then write: nested writes

-- a nested write in update
read then write: nested writes

-- a model whose unique constraints are not described
read then write: the where is not the fields of one unique constraint

