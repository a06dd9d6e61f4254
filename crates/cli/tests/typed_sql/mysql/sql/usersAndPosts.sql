-- A column of a NOT NULL table column on the optional side of a LEFT JOIN is nullable.
SELECT u.email, p.title
FROM User u
LEFT JOIN Post p ON p.authorId = u.id
ORDER BY u.id, p.id
