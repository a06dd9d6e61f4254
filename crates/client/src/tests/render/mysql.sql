-- select
SELECT `t0`.`id`, `t0`.`a``b`, `t0`.`c"d` FROM `we``ird"t` AS `t0` WHERE (`t0`.`a``b` = ? AND `t0`.`c"d` LIKE ? AND `t0`.`id` IN (?, ?, ?, ?, ?, ?, ?, ?) AND (EXISTS (SELECT 1 FROM `Child` AS `t1` WHERE `t1`.`weird``"Id` = `t0`.`id` AND (`t1`.`id` > ?))) AND (NOT EXISTS (SELECT 1 FROM `Child` AS `t2` INNER JOIN `_Child"To``Weird` AS `t3` ON `t3`.`A` = `t2`.`id` WHERE `t3`.`B` = `t0`.`id`))) ORDER BY (`t0`.`a``b` IS NULL) ASC, `t0`.`a``b` DESC, (SELECT COUNT(*) FROM `Child` AS `t4` WHERE `t4`.`weird``"Id` = `t0`.`id`) ASC LIMIT ? OFFSET ?
-- params: [Text("it's \"x\" `y`"), Text("a\\_b%"), Int(1), Int(2), Int(3), Int(4), Int(5), Int(5), Int(5), Int(5), Int(1), Int(10), Int(5)]

-- select with cursor
SELECT `t0`.`id`, `t0`.`a``b`, `t0`.`c"d` FROM `we``ird"t` AS `t0` WHERE (`t0`.`a``b` = ? AND `t0`.`c"d` LIKE ? AND `t0`.`id` IN (?, ?, ?, ?, ?, ?, ?, ?) AND (EXISTS (SELECT 1 FROM `Child` AS `t1` WHERE `t1`.`weird``"Id` = `t0`.`id` AND (`t1`.`id` > ?))) AND (NOT EXISTS (SELECT 1 FROM `Child` AS `t2` INNER JOIN `_Child"To``Weird` AS `t3` ON `t3`.`A` = `t2`.`id` WHERE `t3`.`B` = `t0`.`id`)) AND ((`t0`.`a``b` < (SELECT `t4`.`a``b` FROM `we``ird"t` AS `t4` WHERE `t4`.`id` = ?)) OR (`t0`.`a``b` = (SELECT `t5`.`a``b` FROM `we``ird"t` AS `t5` WHERE `t5`.`id` = ?) AND (SELECT COUNT(*) FROM `Child` AS `t6` WHERE `t6`.`weird``"Id` = `t0`.`id`) > (SELECT (SELECT COUNT(*) FROM `Child` AS `t8` WHERE `t8`.`weird``"Id` = `t7`.`id`) FROM `we``ird"t` AS `t7` WHERE `t7`.`id` = ?)) OR (`t0`.`a``b` = (SELECT `t9`.`a``b` FROM `we``ird"t` AS `t9` WHERE `t9`.`id` = ?) AND (SELECT COUNT(*) FROM `Child` AS `t10` WHERE `t10`.`weird``"Id` = `t0`.`id`) = (SELECT (SELECT COUNT(*) FROM `Child` AS `t12` WHERE `t12`.`weird``"Id` = `t11`.`id`) FROM `we``ird"t` AS `t11` WHERE `t11`.`id` = ?) AND `t0`.`id` > (SELECT `t13`.`id` FROM `we``ird"t` AS `t13` WHERE `t13`.`id` = ?)) OR (`t0`.`a``b` = (SELECT `t14`.`a``b` FROM `we``ird"t` AS `t14` WHERE `t14`.`id` = ?) AND (SELECT COUNT(*) FROM `Child` AS `t15` WHERE `t15`.`weird``"Id` = `t0`.`id`) = (SELECT (SELECT COUNT(*) FROM `Child` AS `t17` WHERE `t17`.`weird``"Id` = `t16`.`id`) FROM `we``ird"t` AS `t16` WHERE `t16`.`id` = ?) AND `t0`.`id` = (SELECT `t18`.`id` FROM `we``ird"t` AS `t18` WHERE `t18`.`id` = ?)))) ORDER BY (`t0`.`a``b` IS NULL) ASC, `t0`.`a``b` DESC, (SELECT COUNT(*) FROM `Child` AS `t19` WHERE `t19`.`weird``"Id` = `t0`.`id`) ASC LIMIT ?
-- params: [Text("it's \"x\" `y`"), Text("a\\_b%"), Int(1), Int(2), Int(3), Int(4), Int(5), Int(5), Int(5), Int(5), Int(1), Int(3), Int(3), Int(3), Int(3), Int(3), Int(3), Int(3), Int(3), Int(3), Int(10)]

-- count
SELECT COUNT(*) FROM (SELECT `t0`.`id`, `t0`.`a``b`, `t0`.`c"d` FROM `we``ird"t` AS `t0` WHERE (`t0`.`a``b` = ? AND `t0`.`c"d` LIKE ? AND `t0`.`id` IN (?, ?, ?, ?, ?, ?, ?, ?) AND (EXISTS (SELECT 1 FROM `Child` AS `t1` WHERE `t1`.`weird``"Id` = `t0`.`id` AND (`t1`.`id` > ?))) AND (NOT EXISTS (SELECT 1 FROM `Child` AS `t2` INNER JOIN `_Child"To``Weird` AS `t3` ON `t3`.`A` = `t2`.`id` WHERE `t3`.`B` = `t0`.`id`))) ORDER BY (`t0`.`a``b` IS NULL) ASC, `t0`.`a``b` DESC, (SELECT COUNT(*) FROM `Child` AS `t4` WHERE `t4`.`weird``"Id` = `t0`.`id`) ASC LIMIT ? OFFSET ?) AS `t0`
-- params: [Text("it's \"x\" `y`"), Text("a\\_b%"), Int(1), Int(2), Int(3), Int(4), Int(5), Int(5), Int(5), Int(5), Int(1), Int(10), Int(5)]

-- select ordered through relations
SELECT `t0`.`id`, `t0`.`weird``"Id` FROM `Child` AS `t0` WHERE `t0`.`id` > ? ORDER BY (SELECT (SELECT `t2`.`weird``"Id` FROM `Child` AS `t2` WHERE `t2`.`id` = `t1`.`c"d`) FROM `we``ird"t` AS `t1` WHERE `t1`.`id` = `t0`.`weird``"Id`) DESC, COALESCE((SELECT (SELECT COUNT(*) FROM `Child` AS `t4` WHERE `t4`.`weird``"Id` = `t3`.`id`) FROM `we``ird"t` AS `t3` WHERE `t3`.`id` = `t0`.`weird``"Id`), 0) ASC, ((SELECT `t5`.`a``b` FROM `we``ird"t` AS `t5` WHERE `t5`.`id` = `t0`.`weird``"Id`) IS NULL) ASC, (SELECT `t6`.`a``b` FROM `we``ird"t` AS `t6` WHERE `t6`.`id` = `t0`.`weird``"Id`) ASC LIMIT ?
-- params: [Int(0), Int(3)]

-- group by
SELECT `t0`.`a``b`, MAX(`t0`.`c"d`) FROM `we``ird"t` AS `t0` GROUP BY `t0`.`a``b` HAVING SUM(`t0`.`c"d`) > ?
-- params: [Int(2)]

-- insert returning
INSERT INTO `we``ird"t` (`a``b`, `c"d`) VALUES (?, ?), (?, ?) RETURNING `id`, `a``b`, `c"d`
-- params: [Text("one"), Int(1), Text("two"), Int(2)]

-- insert skipping duplicates
INSERT IGNORE INTO `we``ird"t` (`id`) VALUES (?)
-- params: [Int(1)]

-- update
UPDATE `we``ird"t` SET `a``b` = ?, `c"d` = `c"d` + ? WHERE `we``ird"t`.`a``b` IS NOT NULL RETURNING `id`, `a``b`, `c"d`
-- params: [Text("new"), Int(1)]

-- delete
DELETE FROM `we``ird"t` WHERE `we``ird"t`.`c"d` IS NULL RETURNING `id`, `a``b`, `c"d`
-- params: []

-- update limited
UPDATE `we``ird"t` SET `a``b` = ? WHERE (`id`) IN (SELECT `t1`.`id` FROM (SELECT `t0`.`id` FROM `we``ird"t` AS `t0` WHERE `t0`.`c"d` IS NOT NULL LIMIT ?) AS `t1`) RETURNING `id`, `a``b`, `c"d`
-- params: [Text("new"), Int(2)]

-- delete limited
DELETE FROM `we``ird"t` WHERE (`id`) IN (SELECT `t1`.`id` FROM (SELECT `t0`.`id` FROM `we``ird"t` AS `t0` WHERE `t0`.`a``b` = ? LIMIT ?) AS `t1`)
-- params: [Text("x"), Int(5)]

-- select through join
SELECT `j`.`B`, `t0`.`id`, `t0`.`weird``"Id` FROM `Child` AS `t0` INNER JOIN `_Child"To``Weird` AS `j` ON `j`.`A` = `t0`.`id` WHERE `j`.`B` IN (?, ?)
-- params: [Int(1), Int(2)]

-- select projected
SELECT `t0`.`a``b`, (SELECT COUNT(*) FROM `Child` AS `t1` WHERE `t1`.`weird``"Id` = `t0`.`id`) FROM `we``ird"t` AS `t0`
-- params: []

-- select projected through join
SELECT `j`.`B`, `t0`.`weird``"Id` FROM `Child` AS `t0` INNER JOIN `_Child"To``Weird` AS `j` ON `j`.`A` = `t0`.`id` WHERE `j`.`B` IN (?)
-- params: [Int(7)]

