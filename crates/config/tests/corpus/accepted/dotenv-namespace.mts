import * as dotenv from 'dotenv'
import { defineConfig } from '@prisma/config'

dotenv.config({ path: '.env' })

export default defineConfig({
  datasource: { url: process.env.DOTENV_ONLY_URL },
})
