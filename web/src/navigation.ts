import type { AppContext, Screen } from './context.ts';
import type { MessageKey } from './i18n.ts';
import { optionHash } from './links.ts';
import { AssignPasswordScreen } from './screens/assign-password.ts';
import { AuditScreen } from './screens/audit.ts';
import { ChangeStateScreen } from './screens/change-state.ts';
import { ConnectionControlsScreen } from './screens/connection-controls.ts';
import { HomeScreen } from './screens/home.ts';
import { MyPasswordScreen } from './screens/my-password.ts';
import { CancelTokenScreen, RequestTokenScreen } from './screens/my-token.ts';
import { OperationsScreen } from './screens/operations.ts';
import { OtherModuleScreen } from './screens/other-module.ts';
import { PendingChangesScreen } from './screens/pending-changes.ts';
import { SettingsScreen } from './screens/settings.ts';
import { TokensScreen } from './screens/tokens.ts';
import { UserImportScreen } from './screens/user-import.ts';
import { UserConsultScreen } from './screens/user-view.ts';
import { UserFormScreen, UsersScreen } from './screens/users.ts';

export interface MenuItem {
  hash: string;
  label: string;
}
export interface MenuGroup {
  id: string;
  label: string;
  items: MenuItem[];
}

const adminMenu: { id: string; label: MessageKey; items: [MessageKey, string][] }[] = [
  {
    id: 'admin',
    label: 'menu.admin',
    items: [
      ['menu.users', '#/admin/users'],
      ['menu.assignPassword', '#/admin/password'],
      ['menu.changeState', '#/admin/state'],
      ['menu.tokens', '#/admin/tokens'],
      ['menu.settings', '#/admin/settings'],
      ['menu.pendingChanges', '#/admin/pending-changes'],
    ],
  },
  {
    id: 'other',
    label: 'menu.other',
    items: [
      ['menu.requestToken', '#/services/token'],
      ['menu.cancelToken', '#/services/token/cancel'],
      ['menu.changePassword', '#/services/password'],
      ['menu.controlsGeneral', '#/admin/controls'],
      ['menu.controlsUser', '#/admin/controls/users'],
      ['menu.audit', '#/admin/audit'],
    ],
  },
];

/**
 * The menu: the administrator's (Administración, Otros Servicios) or, for an end user,
 * exactly the options granted, grouped as in the catalog.
 */
export function menuFor(app: AppContext): MenuGroup[] {
  if (app.session?.user.role === 'admin') {
    return adminMenu.map((group) => ({
      id: group.id,
      label: app.t(group.label),
      items: group.items.map(([label, hash]) => ({ label: app.t(label), hash })),
    }));
  }
  const granted = new Set(app.me?.options ?? []);
  const catalogGroups = (app.catalog?.groups ?? [])
    .map((group) => ({
      id: group.id,
      label: group.label[app.lang],
      items: group.options
        .filter((option) => granted.has(option.id))
        .map((option) => ({
          label: option.label[app.lang],
          hash: optionHash(option.id),
        })),
    }))
    .filter((group) => group.items.length > 0);
  return [...operationsMenu(app), ...catalogGroups];
}

/** Whether the end user's profile approves (Supervisor, Ambos) or captures (Operador, Ambos). */
const approves = (app: AppContext) => app.me?.profile === 'SUPERVISOR' || app.me?.profile === 'BOTH';
const captures = (app: AppContext) => app.me?.profile === 'OPERATOR' || app.me?.profile === 'BOTH';

/** "Operaciones" (docs/entitlements.md): operations to approve, and the user's own captures. */
function operationsMenu(app: AppContext): MenuGroup[] {
  const items: MenuItem[] = [];
  if (approves(app)) items.push({ label: app.t('menu.opsPending'), hash: '#/operations/pending' });
  if (captures(app)) items.push({ label: app.t('menu.opsMine'), hash: '#/operations/mine' });
  return items.length > 0 ? [{ id: 'operations', label: app.t('menu.operations'), items }] : [];
}

/** Whether the signed-in end user was granted an option. */
function granted(app: AppContext, optionId: string): boolean {
  return app.session?.user.role === 'admin' || Boolean(app.me?.options.includes(optionId));
}

/** The screen for a hash, or undefined when there is none or the user may not see it. */
export function resolveScreen(app: AppContext, hash: string): Screen | undefined {
  const path = hash.replace(/^#/, '') || '/home';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const isAdmin = app.session?.user.role === 'admin';
  const [first, second, third, fourth] = parts;

  if (first === 'home' || parts.length === 0) return new HomeScreen(app);
  if (first === 'services') {
    if (second === 'token' && third === 'cancel')
      return granted(app, 'services.cancelToken') ? new CancelTokenScreen(app) : undefined;
    if (second === 'token')
      return granted(app, 'services.requestToken') ? new RequestTokenScreen(app) : undefined;
    if (second === 'password')
      return granted(app, 'services.changePassword') ? new MyPasswordScreen(app) : undefined;
    return undefined;
  }
  if (first === 'operations' && !isAdmin) {
    if (second === 'pending' && approves(app)) return new OperationsScreen(app, 'pending');
    if (second === 'mine' && captures(app)) return new OperationsScreen(app, 'mine');
    return undefined;
  }
  if (first === 'option' && second && !isAdmin) {
    return granted(app, second) ? new OtherModuleScreen(app, second) : undefined;
  }
  if (first !== 'admin' || !isAdmin) return undefined;
  switch (second) {
    case 'users':
      if (third === 'new') return new UserFormScreen(app, undefined);
      if (third && fourth === 'view') return new UserConsultScreen(app, third);
      if (third === 'import') return new UserImportScreen(app);
      return third ? new UserFormScreen(app, third) : new UsersScreen(app);
    case 'password':
      return new AssignPasswordScreen(app, third);
    case 'state':
      return new ChangeStateScreen(app, third);
    case 'tokens':
      return new TokensScreen(app);
    case 'settings':
      return new SettingsScreen(app);
    case 'pending-changes':
      return new PendingChangesScreen(app);
    case 'audit':
      return new AuditScreen(app);
    case 'controls':
      return third === 'users'
        ? new ConnectionControlsScreen(app, { scope: 'user', userCode: fourth })
        : new ConnectionControlsScreen(app, { scope: 'company' });
    default:
      return undefined;
  }
}
