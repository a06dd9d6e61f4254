import { defineConfig } from "prisma/config";

export default defineConfig({
  experimental: { externalTables: "yes" },
});
