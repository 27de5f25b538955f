import { describe, expect, it, vi } from 'vitest';

const loaded = vi.hoisted(() => new Set<string>());

vi.mock('exceljs', async (importOriginal) => {
  loaded.add('exceljs');
  return importOriginal();
});
vi.mock('jspdf', async (importOriginal) => {
  loaded.add('jspdf');
  return importOriginal();
});
vi.mock('jspdf-autotable', async (importOriginal) => {
  loaded.add('jspdf-autotable');
  return importOriginal();
});

const { renderExport } = await import('../../../shared/export/index.ts');
const { usersDocument } = await import('./fixtures.ts');

describe('Export: loading', () => {
  it('loads neither the Excel nor the PDF library for a CSV export, and each only for its format', async () => {
    await renderExport('csv', usersDocument());
    expect([...loaded]).toEqual([]);
    await renderExport('xlsx', usersDocument());
    expect([...loaded]).toEqual(['exceljs']);
    await renderExport('pdf', usersDocument());
    expect([...loaded].sort()).toEqual(['exceljs', 'jspdf', 'jspdf-autotable']);
  });

  it('refuses an unknown format', async () => {
    await expect(renderExport('docx' as 'csv', usersDocument())).rejects.toThrow(/Unknown export format/);
    await expect(renderExport('csv', usersDocument({ generatedAt: new Date('x') }))).rejects.toThrow(
      /generatedAt/,
    );
  });
});
