import { describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable } from './support/browser';
import { dashboardSuite } from './support/dashboard-suite';

const enabled = browserAvailable();

/** 1,000 rows as Excel saves them in Germany: semicolons, CRLF; 10 repeat an earlier email. */
function conferenceList(): string {
  const rows = ['Vorname;Nachname;E-Mail;Telefon;Firma;Position'];
  for (let i = 0; i < 1000; i++) {
    const email = i % 100 === 99 ? `gast${i - 50}@messe.example` : `gast${i}@messe.example`;
    rows.push(`Gast${i};Müller${i};${email};+49 30 ${1_000_000 + i};Firma ${i % 40} GmbH;Einkauf`);
  }
  return `${rows.join('\r\n')}\r\n`;
}

describe.skipIf(!enabled)('the CSV import wizard in Chromium', () => {
  // A server of its own: 52,000 imported leads would slow every list and duplicate scan of the others.
  const suite = dashboardSuite({});
  const { as } = suite;

  it('imports 1,000 rows: upload, guessed mapping, dry run, commit with progress, summary', async () => {
    const page = await as('owner@leadgate.test');
    await page.getByRole('link', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Import leads' }).waitFor();
    expect(await page.locator('[aria-current="step"]').textContent()).toContain('Upload');
    expect(await axeViolations(page)).toEqual([]);

    await page.locator('#import-file').setInputFiles({
      name: 'messe.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(conferenceList(), 'utf8'),
    });
    await page.getByRole('button', { name: 'Preview the import' }).waitFor();
    expect(await page.getByLabel('Nachname').inputValue()).toBe('lastName');
    expect(await page.getByLabel('E-Mail').inputValue()).toBe('email');
    expect(await axeViolations(page)).toEqual([]);

    // Keyboard: the continue button is reached and pressed without the mouse.
    await page.getByRole('button', { name: 'Preview the import' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Dry run totals').waitFor();
    await page.waitForFunction(() =>
      /990\s+New lead/.test(document.querySelector('.import-totals')?.textContent ?? ''),
    );
    const totals = await page.locator('.import-totals').textContent();
    expect(totals).toMatch(/990\s+New lead/);
    expect(totals).toMatch(/10\s+Duplicate in the file/);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Show').selectOption('duplicate_in_file');
    await page.waitForFunction(() => document.querySelectorAll('.import-table tbody tr').length === 10);
    expect(await page.locator('.import-table tbody tr').first().textContent()).toMatch(/Same email as line/);

    await page.getByRole('button', { name: 'Import now' }).click();
    await page.getByText(/Import finished: 990 created, 0 updated\./).waitFor({ timeout: 60_000 });
    expect(await axeViolations(page)).toEqual([]);
    const report = await page
      .getByRole('link', { name: 'Download the error report (CSV)' })
      .getAttribute('href');
    const csv = await page.evaluate(async (href) => (await fetch(href!)).text(), report);
    expect(csv.split(/\r\n/).filter(Boolean)).toHaveLength(11);
  });

  it('keeps its step across reloads: the job is in the URL', async () => {
    const page = await as('owner@leadgate.test');
    await page.goto(`${suite.baseUrl}/app/leads/import`);
    await page.locator('#import-file').setInputFiles({
      name: 'messe.csv',
      mimeType: 'text/csv',
      // Other people than the first test's, so the dry run finds them new here too.
      buffer: Buffer.from(
        conferenceList()
          .replaceAll('messe.example', 'reload.example')
          .replaceAll('Gast', 'Besuch')
          .replaceAll('Müller', 'Schulz')
          .replaceAll('+49 30 ', '+49 40 '),
        'utf8',
      ),
    });
    await page.waitForURL(/\/app\/leads\/import\/[A-Za-z0-9_-]+$/);
    const jobUrl = page.url();
    const currentStep = () => page.locator('[aria-current="step"]').textContent();

    // Mapping: the guessed mapping is back after a reload.
    await page.getByRole('button', { name: 'Preview the import' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Preview the import' }).waitFor();
    expect(await currentStep()).toContain('Map columns');
    expect(await page.getByLabel('Nachname').inputValue()).toBe('lastName');
    // An edit not yet saved survives a reload too (kept for this tab), and is what the preview then saves.
    expect(await page.getByLabel('Position').inputValue()).toBe('title');
    await page.getByLabel('Position').selectOption('custom');
    await page.reload();
    await page.getByRole('button', { name: 'Preview the import' }).waitFor();
    expect(await page.getByLabel('Position').inputValue()).toBe('custom');

    // Dry run: the same totals after a reload, and in a new tab opened on the link.
    await page.getByRole('button', { name: 'Preview the import' }).click();
    await page.getByText('Dry run totals').waitFor();
    await page.reload();
    await page.getByText('Dry run totals').waitFor();
    expect(await currentStep()).toContain('Preview');
    await page.waitForFunction(() =>
      /990\s+New lead/.test(document.querySelector('.import-totals')?.textContent ?? ''),
    );
    expect(page.url()).toBe(jobUrl);
    expect(await axeViolations(page)).toEqual([]);

    // Commit: a reload while it runs shows the progress (or, if it already finished, the summary).
    await page.getByRole('button', { name: 'Import now' }).click();
    await page.locator('#import-progress').waitFor();
    await page.reload();
    await page.locator('#import-progress, :text("Import finished")').first().waitFor();
    expect(await currentStep()).toContain('Import');
    await page.getByText(/Import finished: 990 created, 0 updated\./).waitFor({ timeout: 60_000 });

    // Summary: still the summary after a reload; "Import another file" starts afresh.
    await page.reload();
    await page.getByText(/Import finished: 990 created, 0 updated\./).waitFor();
    await page.getByRole('link', { name: 'Import another file' }).click();
    await page.waitForURL(/\/app\/leads\/import$/);
    await page.locator('#import-file').waitFor();
    expect(await currentStep()).toContain('Upload');
  });

  it('shows a look-alike as a new lead with a note, and a choice to skip it instead that outlives a reload', async () => {
    const file = [
      'First Name,Last Name,Email,Company',
      'Klaus,Hofmann,klaus@hofmann-toechter.example,Bäckerei Hofmann & Töchter KG',
      'Gabi,Hofmann,gabi@hofmann-toechter.example,Bäckerei Hofmann & Töchter KG',
      'Ludmila,Quast,ludmila@quast.example,Quast Werkzeuge',
    ].join('\r\n');
    const page = await as('owner@leadgate.test');
    await page.goto(`${suite.baseUrl}/app/leads/import`);
    await page.locator('#import-file').setInputFiles({
      name: 'hofmann.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(file, 'utf8'),
    });
    await page.getByRole('button', { name: 'Preview the import' }).click();
    await page.getByText('Dry run totals').waitFor();
    const gabi = page.locator('.import-table tbody tr', { hasText: 'Gabi' });
    await gabi.getByText('Possibly the same person as line 2.').waitFor();
    expect(await gabi.locator('td').nth(2).textContent()).toBe('New lead');
    const totals = await page.locator('.import-totals').textContent();
    expect(totals).toMatch(/3\s+New lead/);
    expect(totals).toMatch(/0\s+Duplicate in the file/);
    expect(totals).toMatch(/1\s+Possible duplicate/);
    const all = page.getByRole('group', { name: 'Rows that only resemble another person' });
    const createAll = all.getByRole('radio', { name: 'Import them as new leads, linked for review' });
    expect(await createAll.isChecked()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    // The totals, the choice and its long hint wrap on a phone, 390 px wide (the rows scroll in their table).
    const size = page.viewportSize();
    await page.setViewportSize({ width: 390, height: 844 });
    const widest = await page.evaluate(() =>
      Math.max(
        ...[
          ...document.querySelectorAll('.import-totals, .import-possible, .import-possible *, .table-scroll'),
        ].map((e) => e.getBoundingClientRect().right),
      ),
    );
    expect(widest).toBeLessThanOrEqual(390);
    if (size) await page.setViewportSize(size);

    // Keyboard: Space on the row's checkbox skips it; the choice is the job's, so a reload keeps it.
    const skipGabi = page.getByRole('checkbox', { name: 'Skip line 3 instead' });
    await skipGabi.focus();
    await page.keyboard.press('Space');
    await gabi.getByText('Skipped', { exact: true }).waitFor();
    await page.waitForFunction(() =>
      /1\s+Skipped/.test(document.querySelector('.import-totals')?.textContent ?? ''),
    );
    await page.reload();
    await page.getByText('Dry run totals').waitFor();
    await gabi.getByText('Skipped', { exact: true }).waitFor();
    expect(await skipGabi.isChecked()).toBe(true);

    // Arrow keys move the choice for all rows: skip them all, then create them all again.
    const chosen = () =>
      page.waitForResponse((r) => r.url().endsWith('/possible-duplicates') && r.request().method() === 'PUT');
    await createAll.focus();
    await Promise.all([chosen(), page.keyboard.press('ArrowDown')]);
    expect(await all.getByRole('radio', { name: 'Skip them' }).isChecked()).toBe(true);
    await Promise.all([chosen(), page.keyboard.press('ArrowUp')]);
    await gabi.getByText('New lead', { exact: true }).waitFor();
    expect(await skipGabi.isChecked()).toBe(false);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Import now' }).click();
    await page.getByText(/Import finished: 3 created, 0 updated\./).waitFor({ timeout: 60_000 });
  });

  it('imports 50,000 rows (the largest file allowed) through the same four steps', async () => {
    const rows = ['First Name,Last Name,Email,Phone Number,Company Name,Job Title'];
    for (let i = 0; i < 50_000; i++)
      rows.push(
        `Anna${i},Novák${i},anna${i}@big.example,+420 601 ${String(i).padStart(6, '0')},Big ${i % 400} s.r.o.,Buyer`,
      );
    const page = await as('owner@leadgate.test');
    await page.goto(`${suite.baseUrl}/app/leads/import`);
    await page.locator('#import-file').setInputFiles({
      name: 'big.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${rows.join('\r\n')}\r\n`, 'utf8'),
    });
    await page.getByRole('button', { name: 'Preview the import' }).waitFor({ timeout: 120_000 });
    expect(await page.getByLabel('Email').inputValue()).toBe('email');
    await page.getByRole('button', { name: 'Preview the import' }).click();
    await page.getByText('Dry run totals').waitFor({ timeout: 120_000 });
    await page.waitForFunction(
      () =>
        /50[,.\s\u00a0\u202f]?000\s+New lead/.test(
          document.querySelector('.import-totals')?.textContent ?? '',
        ),
      undefined,
      { timeout: 60_000 },
    );
    await page.getByRole('button', { name: 'Import now' }).click();
    await page
      .getByText(/Import finished: 50[,.\s\u00a0\u202f]?000 created, 0 updated\./)
      .waitFor({ timeout: 240_000 });
  }, 420_000);

  it('shows a member why they cannot import', async () => {
    const page = await as('member@leadgate.test');
    expect(await page.getByRole('button', { name: 'Import' }).isDisabled()).toBe(true);
    expect(await page.getByText('Only owners can import leads.').count()).toBe(1);
  });
});
