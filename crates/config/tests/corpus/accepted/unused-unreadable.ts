// Settings Refract does not use may be anything: they are not evaluated.
import { defineConfig } from "prisma/config";
import { PrismaLibSql } from "@prisma/adapter-libsql";

function adapterFor(url: string) {
  return new PrismaLibSql({ url });
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  studio: {
    adapter: async () => adapterFor(process.env.DATABASE_URL!),
  },
});
