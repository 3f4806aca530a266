import { describe, expect, it } from 'vitest';
import { type BulkAction, type BulkLead, planBulkChange } from './bulk';

const at = new Date('2026-03-02T10:00:00Z');
const earlier = new Date('2026-01-01T00:00:00Z');
const lead = (over: Partial<BulkLead> = {}): BulkLead => ({
  id: 'lead_1',
  status: 'NEW',
  lossReason: null,
  lossReasonText: null,
  statusChangedAt: earlier,
  statusChangedBy: null,
  contactedAt: null,
  contactedBy: null,
  qualifiedAt: null,
  qualifiedBy: null,
  lostAt: null,
  lostBy: null,
  lastActivityAt: earlier,
  assignedTo: 'usr_m',
  tags: ['VIP'],
  deletedAt: null,
  ...over,
});
const admin = { role: 'admin' as const, userId: 'usr_a' };
const member = { role: 'member' as const, userId: 'usr_m' };

describe('planBulkChange', () => {
  it.each<[string, BulkAction, Partial<BulkLead>, typeof admin | typeof member, string]>([
    ['status move', { action: 'status', status: 'CONTACTED' }, {}, admin, 'change'],
    ['invalid transition', { action: 'status', status: 'QUALIFIED' }, {}, admin, 'invalid-transition'],
    ['same status', { action: 'status', status: 'NEW' }, {}, admin, 'unchanged'],
    ['member, own lead', { action: 'delete' }, {}, member, 'change'],
    ['member, other lead', { action: 'delete' }, { assignedTo: 'usr_x' }, member, 'forbidden'],
    ['viewer', { action: 'delete' }, {}, { role: 'viewer', userId: 'usr_m' } as never, 'forbidden'],
    ['same assignee', { action: 'assign', assigneeId: 'usr_m' }, {}, admin, 'unchanged'],
    ['tag present in another case', { action: 'addTags', tags: ['vip'] }, {}, admin, 'unchanged'],
    ['tag absent', { action: 'removeTags', tags: ['x'] }, {}, admin, 'unchanged'],
    [
      'too many tags',
      { action: 'addTags', tags: ['new'] },
      { tags: Array.from({ length: 50 }, (_, i) => `t${i}`) },
      admin,
      'too-many-tags',
    ],
    ['converted lead', { action: 'assign', assigneeId: 'usr_x' }, { convertedAt: at }, admin, 'converted'],
  ])('%s', (_name, op, over, caller, expected) => {
    const plan = planBulkChange(op, lead(over), caller, at);
    expect(plan.kind === 'change' ? 'change' : plan.reason).toBe(expected);
  });

  it('keeps exactly the action’s fields before and after', () => {
    const plan = planBulkChange({ action: 'removeTags', tags: ['vip'] }, lead(), admin, at);
    expect(plan).toEqual({
      kind: 'change',
      id: 'lead_1',
      before: { tags: ['VIP'], lastActivityAt: earlier },
      after: { tags: [], lastActivityAt: at },
    });
  });

  it('stamps the stage of a status change with the caller', () => {
    const plan = planBulkChange(
      { action: 'status', status: 'LOST', lossReason: 'NO_NEED' },
      lead(),
      admin,
      at,
    );
    expect(plan.kind === 'change' && plan.after).toMatchObject({
      status: 'LOST',
      lossReason: 'NO_NEED',
      lostAt: at,
      lostBy: 'usr_a',
      contactedAt: null,
    });
  });
});
