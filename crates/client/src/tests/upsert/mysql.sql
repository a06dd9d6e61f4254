-- one unique field, create gives its value
INSERT INTO `User` (`email`, `visits`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `visits` = `User`.`visits` + ?
-- params: [Text("ann@example.com"), Int(1), Int(1)]
SELECT `t0`.`id`, `t0`.`email`, `t0`.`name`, `t0`.`visits` FROM `User` AS `t0` WHERE (`t0`.`email` = ?) LIMIT ?
-- params: [Text("ann@example.com"), Int(1)]

-- the id, create gives it and an email (which could conflict on MySQL)
read then write: another unique constraint could conflict

-- a compound id, the other unique inserted as NULL
INSERT INTO `Member` (`tenant`, `login`, `nick`, `score`) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE `score` = `Member`.`score` + ?
-- params: [Text("acme"), Text("ann"), Null, Int(0), Int(10)]
SELECT `t0`.`tenant`, `t0`.`login`, `t0`.`nick`, `t0`.`score` FROM `Member` AS `t0` WHERE (`t0`.`tenant` = ? AND `t0`.`login` = ?) LIMIT ?
-- params: [Text("acme"), Text("ann"), Int(1)]

-- a compound id, the other unique given
read then write: another unique constraint could conflict

-- the update changes the unique field
read then write: the update changes the where's fields

-- a model with a partial unique index
read then write: a partial or prefix unique index

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

