import 'dotenv/config'
import { defineConfig } from 'prisma/config'

// Migrate connects directly (not through the pooler).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: {
    path: 'prisma/migrations',
  },
  datasource: {
    url: process.env.POSTGRES_URL_NON_POOLING ?? process.env.POSTGRES_PRISMA_URL,
    shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL,
  },
})
