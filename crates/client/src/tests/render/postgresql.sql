-- select
SELECT "t0"."id", "t0"."a`b", "t0"."c""d" FROM "we`ird""t" AS "t0" WHERE ("t0"."a`b" = $1 AND "t0"."c""d"::text ILIKE $2 AND "t0"."id" IN (SELECT unnest($3::int8[])) AND (EXISTS (SELECT 1 FROM "Child" AS "t1" WHERE "t1"."weird`""Id" = "t0"."id" AND ("t1"."id" > $4))) AND (NOT EXISTS (SELECT 1 FROM "Child" AS "t2" INNER JOIN "_Child""To`Weird" AS "t3" ON "t3"."A" = "t2"."id" WHERE "t3"."B" = "t0"."id"))) ORDER BY "t0"."a`b" DESC NULLS LAST, (SELECT COUNT(*) FROM "Child" AS "t4" WHERE "t4"."weird`""Id" = "t0"."id") ASC LIMIT $5 OFFSET $6
-- params: [Text("it's \"x\" `y`"), Text("a\\_b%"), List([Int(1), Int(2), Int(3), Int(4), Int(5)]), Int(1), Int(10), Int(5)]

-- select with cursor
SELECT "t0"."id", "t0"."a`b", "t0"."c""d" FROM "we`ird""t" AS "t0" WHERE ("t0"."a`b" = $1 AND "t0"."c""d"::text ILIKE $2 AND "t0"."id" IN (SELECT unnest($3::int8[])) AND (EXISTS (SELECT 1 FROM "Child" AS "t1" WHERE "t1"."weird`""Id" = "t0"."id" AND ("t1"."id" > $4))) AND (NOT EXISTS (SELECT 1 FROM "Child" AS "t2" INNER JOIN "_Child""To`Weird" AS "t3" ON "t3"."A" = "t2"."id" WHERE "t3"."B" = "t0"."id")) AND (("t0"."a`b" < (SELECT "t4"."a`b" FROM "we`ird""t" AS "t4" WHERE "t4"."id" = $5)) OR ("t0"."a`b" = (SELECT "t5"."a`b" FROM "we`ird""t" AS "t5" WHERE "t5"."id" = $6) AND (SELECT COUNT(*) FROM "Child" AS "t6" WHERE "t6"."weird`""Id" = "t0"."id") > (SELECT (SELECT COUNT(*) FROM "Child" AS "t8" WHERE "t8"."weird`""Id" = "t7"."id") FROM "we`ird""t" AS "t7" WHERE "t7"."id" = $7)) OR ("t0"."a`b" = (SELECT "t9"."a`b" FROM "we`ird""t" AS "t9" WHERE "t9"."id" = $8) AND (SELECT COUNT(*) FROM "Child" AS "t10" WHERE "t10"."weird`""Id" = "t0"."id") = (SELECT (SELECT COUNT(*) FROM "Child" AS "t12" WHERE "t12"."weird`""Id" = "t11"."id") FROM "we`ird""t" AS "t11" WHERE "t11"."id" = $9) AND "t0"."id" > (SELECT "t13"."id" FROM "we`ird""t" AS "t13" WHERE "t13"."id" = $10)) OR ("t0"."a`b" = (SELECT "t14"."a`b" FROM "we`ird""t" AS "t14" WHERE "t14"."id" = $11) AND (SELECT COUNT(*) FROM "Child" AS "t15" WHERE "t15"."weird`""Id" = "t0"."id") = (SELECT (SELECT COUNT(*) FROM "Child" AS "t17" WHERE "t17"."weird`""Id" = "t16"."id") FROM "we`ird""t" AS "t16" WHERE "t16"."id" = $12) AND "t0"."id" = (SELECT "t18"."id" FROM "we`ird""t" AS "t18" WHERE "t18"."id" = $13)))) ORDER BY "t0"."a`b" DESC NULLS LAST, (SELECT COUNT(*) FROM "Child" AS "t19" WHERE "t19"."weird`""Id" = "t0"."id") ASC LIMIT $14
-- params: [Text("it's \"x\" `y`"), Text("a\\_b%"), List([Int(1), Int(2), Int(3), Int(4), Int(5)]), Int(1), Int(3), Int(3), Int(3), Int(3), Int(3), Int(3), Int(3), Int(3), Int(3), Int(10)]

-- count
SELECT COUNT(*) FROM (SELECT "t0"."id", "t0"."a`b", "t0"."c""d" FROM "we`ird""t" AS "t0" WHERE ("t0"."a`b" = $1 AND "t0"."c""d"::text ILIKE $2 AND "t0"."id" IN (SELECT unnest($3::int8[])) AND (EXISTS (SELECT 1 FROM "Child" AS "t1" WHERE "t1"."weird`""Id" = "t0"."id" AND ("t1"."id" > $4))) AND (NOT EXISTS (SELECT 1 FROM "Child" AS "t2" INNER JOIN "_Child""To`Weird" AS "t3" ON "t3"."A" = "t2"."id" WHERE "t3"."B" = "t0"."id"))) ORDER BY "t0"."a`b" DESC NULLS LAST, (SELECT COUNT(*) FROM "Child" AS "t4" WHERE "t4"."weird`""Id" = "t0"."id") ASC LIMIT $5 OFFSET $6) AS "t0"
-- params: [Text("it's \"x\" `y`"), Text("a\\_b%"), List([Int(1), Int(2), Int(3), Int(4), Int(5)]), Int(1), Int(10), Int(5)]

-- select ordered through relations
SELECT "t0"."id", "t0"."weird`""Id" FROM "Child" AS "t0" WHERE "t0"."id" > $1 ORDER BY (SELECT (SELECT "t2"."weird`""Id" FROM "Child" AS "t2" WHERE "t2"."id" = "t1"."c""d") FROM "we`ird""t" AS "t1" WHERE "t1"."id" = "t0"."weird`""Id") DESC, COALESCE((SELECT (SELECT COUNT(*) FROM "Child" AS "t4" WHERE "t4"."weird`""Id" = "t3"."id") FROM "we`ird""t" AS "t3" WHERE "t3"."id" = "t0"."weird`""Id"), 0) ASC, (SELECT "t5"."a`b" FROM "we`ird""t" AS "t5" WHERE "t5"."id" = "t0"."weird`""Id") ASC NULLS LAST LIMIT $2
-- params: [Int(0), Int(3)]

-- group by
SELECT "t0"."a`b", MAX("t0"."c""d") FROM "we`ird""t" AS "t0" GROUP BY "t0"."a`b" HAVING SUM("t0"."c""d") > $1
-- params: [Int(2)]

-- insert returning
INSERT INTO "we`ird""t" ("a`b", "c""d") VALUES ($1, $2), ($3, $4) RETURNING "id", "a`b", "c""d"
-- params: [Text("one"), Int(1), Text("two"), Int(2)]

-- insert skipping duplicates
INSERT INTO "we`ird""t" ("id") VALUES ($1) ON CONFLICT DO NOTHING
-- params: [Int(1)]

-- update
UPDATE "we`ird""t" SET "a`b" = $1, "c""d" = "c""d" + $2 WHERE "we`ird""t"."a`b" IS NOT NULL RETURNING "id", "a`b", "c""d"
-- params: [Text("new"), Int(1)]

-- delete
DELETE FROM "we`ird""t" WHERE "we`ird""t"."c""d" IS NULL RETURNING "id", "a`b", "c""d"
-- params: []

-- update limited
UPDATE "we`ird""t" SET "a`b" = $1 WHERE ("id") IN (SELECT "t1"."id" FROM (SELECT "t0"."id" FROM "we`ird""t" AS "t0" WHERE "t0"."c""d" IS NOT NULL LIMIT $2) AS "t1") RETURNING "id", "a`b", "c""d"
-- params: [Text("new"), Int(2)]

-- delete limited
DELETE FROM "we`ird""t" WHERE ("id") IN (SELECT "t1"."id" FROM (SELECT "t0"."id" FROM "we`ird""t" AS "t0" WHERE "t0"."a`b" = $1 LIMIT $2) AS "t1")
-- params: [Text("x"), Int(5)]

-- select through join
SELECT "j"."B", "t0"."id", "t0"."weird`""Id" FROM "Child" AS "t0" INNER JOIN "_Child""To`Weird" AS "j" ON "j"."A" = "t0"."id" WHERE "j"."B" IN ($1, $2)
-- params: [Int(1), Int(2)]

-- select projected
SELECT "t0"."a`b", (SELECT COUNT(*) FROM "Child" AS "t1" WHERE "t1"."weird`""Id" = "t0"."id") FROM "we`ird""t" AS "t0"
-- params: []

-- select projected through join
SELECT "j"."B", "t0"."weird`""Id" FROM "Child" AS "t0" INNER JOIN "_Child""To`Weird" AS "j" ON "j"."A" = "t0"."id" WHERE "j"."B" IN ($1)
-- params: [Int(7)]

