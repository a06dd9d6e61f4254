import { defineConfig } from "prisma/config";
import base from "./prisma.base";

export default defineConfig({
  ...base,
  migrations: { path: "prisma/migrations" },
});
