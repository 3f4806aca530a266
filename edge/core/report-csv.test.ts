import { describe, expect, it } from 'vitest';
import { reportCsv, reportFileName } from './report-csv';

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

  it('an empty report is its header', () => {
    expect(reportCsv({ kind: 'attribution', rows: [] })).toBe(
      'key,label,leads,qualified,converted,opportunity_amount\r\n',
    );
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
