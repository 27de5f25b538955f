import { type PortalTenant, setTenant } from './tenant.ts';

/** Sets the bank (from `/config.json`) and applies its colours and logo to the page. */
export function applyTenant(tenant: PortalTenant, doc: Document = document): void {
  setTenant(tenant);
  const style = doc.documentElement.style;
  // CSSOM, not a <style> element: the CSP allows style sheets from the portal's origin only.
  style.setProperty('--navy', tenant.colors.primary);
  style.setProperty('--navy-dark', tenant.colors.primaryDark);
  style.setProperty('--green', tenant.colors.accent);
  style.setProperty('--focus', tenant.colors.focus);
  if (tenant.logo) {
    const icon = doc.querySelector<HTMLLinkElement>('link[rel="icon"]');
    if (icon) {
      icon.href = tenant.logo;
      icon.type = tenant.logo.startsWith('data:image/png') ? 'image/png' : 'image/svg+xml';
    }
  }
}
