// Externally managed tables (Prisma's documented example, Supabase style).
import { defineConfig, env } from "prisma/config";

export default defineConfig({
  experimental: {
    externalTables: true,
  },
  schema: "prisma/schema.prisma",
  tables: {
    external: ["public.users", "auth.sessions"],
  },
  enums: {
    external: ["public.role"],
  },
  migrations: {
    initShadowDb: `
      CREATE TABLE public.users (id SERIAL PRIMARY KEY);
      CREATE TYPE public.role AS ENUM ('customer', 'support');
    `,
  },
  datasource: {
    url: env("DATABASE_URL"),
  },
});
