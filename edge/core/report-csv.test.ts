import { describe, expect, it } from 'vitest';
import { csvField, neutralizeCell, reportCsv, reportFileName, toCsv } from './report-csv';

describe('neutralizeCell', () => {
  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+1 555', "'+1 555"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['Acme = good', 'Acme = good'],
    ['', ''],
    ['Web', 'Web'],
  ])('%j → %j', (input, expected) => {
    expect(neutralizeCell(input)).toBe(expected);
  });
});

describe('csvField', () => {
  it.each<[string | number | null, string]>([
    [null, ''],
    [-3, '-3'],
    [0.25, '0.25'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=1,2', `"'=1,2"`],
    ['line\nbreak', '"line\nbreak"'],
  ])('%j → %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });
});

describe('reportCsv', () => {
  it('a rep table with CRLF line ends and neutralised names', () => {
    const csv = reportCsv({
      kind: 'reps',
      rows: [
        {
          key: 'usr_1',
          label: '@Ann',
          assigned: 2,
          contacted: 1,
          qualified: 1,
          converted: 0,
          medianResponseSeconds: null,
          rates: { contacted: 0.5, qualified: 0.5, converted: 0 },
        },
      ],
    });
    expect(csv).toBe(
      'rep_id,rep,assigned,contacted,qualified,converted,median_response_seconds\r\n' +
        "usr_1,'@Ann,2,1,1,0,\r\n",
    );
  });

  it('an empty table is its header', () => {
    expect(toCsv(['a', 'b'], [])).toBe('a,b\r\n');
  });
});

describe('reportFileName', () => {
  it.each<[string | null, string | null, string]>([
    ['2026-01-01', '2026-01-31', 'leadgate-funnel-2026-01-01_2026-01-31.csv'],
    [null, null, 'leadgate-funnel.csv'],
    ['2026-01-01', null, 'leadgate-funnel-2026-01-01.csv'],
  ])('%s..%s', (from, to, name) => {
    expect(reportFileName('funnel', from, to)).toBe(name);
  });
});
