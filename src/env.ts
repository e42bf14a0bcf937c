/**
 * The entry points (the service, `kg`, `db`) import this first: it reads `.env` into process.env
 * without overriding what is already set. KG_ENV_FILE names another file, or none when empty: the
 * test suite sets it empty, so a user's `.env` never points a test at the user's own database.
 */
import { config } from 'dotenv';

const file = process.env.KG_ENV_FILE ?? '.env';
if (file !== '') config({ path: file, quiet: true });
