// The documented `satisfies PrismaConfig` form.
import "dotenv/config";
import type { PrismaConfig } from "prisma";
import { env } from "prisma/config";

export default {
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
    seed: "tsx prisma/seed.ts",
  },
  datasource: {
    url: env("DOTENV_ONLY_URL"),
  },
} satisfies PrismaConfig;
