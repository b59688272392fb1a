import type Stripe from 'stripe';
import type { V2Account } from '../../../api/customers.js';
import type { IO } from '../../../io/io.js';
import { formatTimestamp } from '../../../io/format.js';
import { printDetails, printTable } from '../../../io/render.js';
import { forDisplay } from '../../../io/sanitize.js';

export function printCustomer(io: IO, c: Stripe.Customer | Stripe.DeletedCustomer): void {
  c = forDisplay(c);
  if ('deleted' in c && c.deleted) {
    printDetails(io, `Customer ${c.id}`, [['Status', 'deleted']]);
    return;
  }
  const cus = c as Stripe.Customer;
  printDetails(io, `Customer ${cus.id}`, [
    ['Email', cus.email],
    ['Name', cus.name],
    ['Phone', cus.phone],
    ['Description', cus.description],
    ['Created', formatTimestamp(cus.created)],
    ['Metadata', Object.keys(cus.metadata ?? {}).length ? Object.entries(cus.metadata).map(([k, v]) => `${k}=${v}`).join(', ') : null],
  ]);
}

export function printCustomerAccount(io: IO, a: V2Account): void {
  a = forDisplay(a);
  printDetails(io, `Account ${a.id} (v2, customer configuration)`, [
    ['Email', a.contact_email],
    ['Name', a.display_name],
    ['Configurations', a.applied_configurations.join(', ')],
    ['Created', a.created],
  ]);
}

export function printCustomerTable(io: IO, customers: Stripe.Customer[]): void {
  customers = forDisplay(customers);
  printTable(
    io,
    ['ID', 'Email', 'Name', 'Created'],
    customers.map((c) => [c.id, c.email ?? '—', c.name ?? '—', formatTimestamp(c.created)]),
    'No customers found.',
  );
}
