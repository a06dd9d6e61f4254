import { defineConfig } from 'prisma/config';
import { join, resolve } from 'path';

export default defineConfig({
  schema: join('db', 'schema.prisma'),
  views: { path: join('db', 'views') },
  typedSql: { path: "db/sql" },
  migrations: { path: resolve('db', '..', 'db', 'migrations') },
});
