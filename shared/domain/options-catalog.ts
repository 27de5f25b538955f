/**
 * The menu options an end user may see (the guide's step 12), grouped as on the screen.
 * Ids are stable English keys; labels come in Spanish and English. Options that move funds
 * carry a per-user limit; their group (Transferencias, Pagos) carries a number of approvals.
 * `module: 'admin'` marks the options this module itself serves (token and password);
 * the others belong to other modules of the bank's online banking.
 */
export interface MenuOption {
  readonly id: string;
  readonly label: { readonly es: string; readonly en: string };
  readonly movesFunds: boolean;
  readonly module: 'admin' | 'banking';
}

/**
 * The options this module serves itself (`module: 'admin'`), as route-table values: a route
 * that declares one is refused to an end user who has not been granted it.
 */
export type AdminOptionId = 'services.requestToken' | 'services.cancelToken' | 'services.changePassword';

export interface OptionGroup {
  readonly id: 'products' | 'transfers' | 'payments' | 'otherServices' | 'certificates';
  readonly label: { readonly es: string; readonly en: string };
  /** Whether the group carries a number of approvals (≥ 1). */
  readonly approvals: boolean;
  readonly options: readonly MenuOption[];
}

const banking = (id: string, es: string, en: string, movesFunds = false): MenuOption => ({
  id,
  label: { es, en },
  movesFunds,
  module: 'banking',
});

export const optionGroups: readonly OptionGroup[] = [
  {
    id: 'products',
    label: { es: 'Productos', en: 'Products' },
    approvals: false,
    options: [
      banking('products.inquiry', 'Consulta', 'Inquiry'),
      banking('products.creditCard', 'Tarjeta de Crédito', 'Credit card'),
    ],
  },
  {
    id: 'transfers',
    label: { es: 'Transferencias', en: 'Transfers' },
    approvals: true,
    options: [
      banking('transfers.ownAccounts', 'Entre mis cuentas', 'Between my accounts', true),
      banking(
        'transfers.occidentePanama',
        // Named after the bank: each tenant's label is in its file (optionLabels).
        'A otras cuentas del banco',
        'To other accounts of the bank',
        true,
      ),
      banking('transfers.international', 'A cuentas internacionales', 'To international accounts', true),
      banking('transfers.history', 'Histórico', 'History'),
      banking('transfers.beneficiaries', 'Beneficiarios', 'Beneficiaries'),
      banking('transfers.scheduled', 'Programadas', 'Scheduled', true),
    ],
  },
  {
    id: 'payments',
    label: { es: 'Pagos', en: 'Payments' },
    approvals: true,
    options: [
      banking('payments.checks', 'Pagos por Cheque', 'Check payments', true),
      banking('payments.loans', 'Pago de Préstamos', 'Loan payments', true),
    ],
  },
  {
    id: 'otherServices',
    label: { es: 'Otros Servicios', en: 'Other services' },
    approvals: false,
    options: [
      {
        id: 'services.requestToken',
        label: { es: 'Solicitud {token}', en: 'Request {token}' },
        movesFunds: false,
        module: 'admin',
      },
      {
        id: 'services.cancelToken',
        label: { es: 'Cancelar {token}', en: 'Cancel {token}' },
        movesFunds: false,
        module: 'admin',
      },
      banking('services.checkbook', 'Solicitar Chequera', 'Request checkbook'),
      banking('services.stopPayment', 'Orden de No Pago', 'Stop payment order'),
      banking('services.contactUs', 'Contáctenos', 'Contact us'),
      {
        id: 'services.changePassword',
        label: { es: 'Cambio de Clave', en: 'Change password' },
        movesFunds: false,
        module: 'admin',
      },
      banking('services.messages', 'Mensajes', 'Messages'),
      banking('services.personalize', 'Personalizar', 'Personalize'),
      banking('services.calculators', 'Calculadoras', 'Calculators'),
      banking('services.transactionHistory', 'Histórico de Transacciones', 'Transaction history'),
      banking('services.clearingAccounts', 'Cuentas de Compensación', 'Clearing accounts'),
    ],
  },
  {
    id: 'certificates',
    label: { es: 'Certificados', en: 'Certificates' },
    approvals: false,
    options: [
      banking('certificates.bankReference', 'Referencia Bancaria', 'Bank reference'),
      banking('certificates.investment', 'Constancia de Inversión', 'Investment certificate'),
      banking('certificates.annual', 'Certificado Anual', 'Annual certificate'),
    ],
  },
];

/** Every option, by id. */
export const optionsById: ReadonlyMap<string, MenuOption & { group: OptionGroup['id'] }> = new Map(
  optionGroups.flatMap((group) =>
    group.options.map((option) => [option.id, { ...option, group: group.id }] as const),
  ),
);

/** The ids of every option ("Incluir todas las Opciones"). */
export const allOptionIds: readonly string[] = [...optionsById.keys()];

/** The groups that carry a number of approvals. */
export const approvalGroups = optionGroups.filter((g) => g.approvals).map((g) => g.id);

/** Largest per-transaction limit an administrator may set, in cents (USD 999,999,999.99). */
export const MAX_LIMIT_CENTS = 99_999_999_999;
/** Largest number of approvals a group may require. */
export const MAX_APPROVALS = 10;

/** Parses a USD amount written with up to 2 decimals ("1500", "1500.5", "1500.50") into exact cents. */
export function parseAmountCents(amount: string): number | undefined {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(amount);
  if (!match) return undefined;
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return cents <= MAX_LIMIT_CENTS ? cents : undefined;
}

/** Writes exact cents as a USD amount with 2 decimals ("1500.50"). */
export function formatAmountCents(cents: number): string {
  const whole = Math.floor(cents / 100);
  return `${whole}.${String(cents % 100).padStart(2, '0')}`;
}
