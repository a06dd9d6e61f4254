import { defineConfig } from "prisma/config";

export default defineConfig({
  migrations: { path: 42 },
});
