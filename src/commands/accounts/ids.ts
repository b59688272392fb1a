import { parseId } from '../shared/validate.js';

export function parseAccountId(id: string | undefined): string {
  return parseId(id, ['fca'], '<fca_…>', 'Financial Connections account');
}
