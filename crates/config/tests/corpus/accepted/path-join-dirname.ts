import path from 'node:path'
import { config } from 'dotenv'
import { defineConfig } from 'prisma/config'

config()

export default defineConfig({
  schema: path.join(__dirname, 'prisma', 'schema.prisma'),
  migrations: {
    path: path.join('prisma', 'migrations'),
  },
  datasource: {
    url: process.env.DOTENV_ONLY_URL!,
    shadowDatabaseUrl: process.env.SHADOW_FROM_DOTENV,
  },
})
