// Statements no setting needs are skipped, whatever they are.
import { defineConfig } from '@prisma/config'
import 'dotenv/config'

type Mode = 'dev' | 'prod'

const url = process.env.DATABASE_URL
console.log('Prisma Config URL:', url ? (url.substring(0, 15) + '...') : 'UNDEFINED')

if (!url) {
  throw new Error('DATABASE_URL is not set')
}

function unused(mode: Mode): string {
  return mode === 'dev' ? 'a' : 'b'
}

export default defineConfig({
  datasource: {
    url,
  },
})
