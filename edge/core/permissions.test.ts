import { describe, expect, it } from 'vitest';
import {
  type Caller,
  canEditLead,
  canEditNote,
  canEditTask,
  canEditView,
  canTakeLeads,
  type Role,
} from './permissions';

const ME = 'usr_me';
const OTHER = 'usr_other';
const as = (role: Role, userId: string | null = ME): Caller => ({ role, userId });

describe('canEditLead', () => {
  it.each<[string, Caller, string | null, boolean]>([
    ['viewer, own lead', as('viewer'), ME, false],
    ['member, own lead', as('member'), ME, true],
    ["member, someone else's lead", as('member'), OTHER, false],
    ['member, unassigned lead', as('member'), null, false],
    ['member API key (no user), unassigned lead', as('member', null), null, false],
    ["admin, someone else's lead", as('admin'), OTHER, true],
    ['admin, unassigned lead', as('admin'), null, true],
    ['owner API key, any lead', as('owner', null), OTHER, true],
  ])('%s → %s', (_name, caller, assignedTo, expected) => {
    expect(canEditLead(caller, { assignedTo })).toBe(expected);
  });
});

describe('canEditNote', () => {
  it.each<[string, Caller, string | null, boolean]>([
    ['viewer, own note', as('viewer'), ME, false],
    ['member, own note', as('member'), ME, true],
    ["member, someone else's note", as('member'), OTHER, false],
    ['member, note of a deleted user', as('member'), null, false],
    ["admin, someone else's note", as('admin'), OTHER, true],
    ["owner, someone else's note", as('owner'), OTHER, true],
  ])('%s → %s', (_name, caller, authorId, expected) => {
    expect(canEditNote(caller, { authorId })).toBe(expected);
  });
});

describe('canEditTask', () => {
  it.each<[string, Caller, string | null, string | null, boolean]>([
    ['viewer, own task on own lead', as('viewer'), ME, ME, false],
    ['member, task on own lead', as('member'), OTHER, ME, true],
    ["member, own task on a colleague's lead", as('member'), ME, OTHER, true],
    ["member, colleague's task on a colleague's lead", as('member'), OTHER, OTHER, false],
    ['member, unassigned task on an unassigned lead', as('member'), null, null, false],
    ["admin, anyone's task", as('admin'), OTHER, OTHER, true],
  ])('%s → %s', (_name, caller, assigneeId, assignedTo, expected) => {
    expect(canEditTask(caller, { assigneeId }, { assignedTo })).toBe(expected);
  });
});

describe('canEditView', () => {
  it.each<[string, Caller, string, boolean, boolean]>([
    ['viewer, own personal view', as('viewer'), ME, false, true],
    ['viewer, own shared view', as('viewer'), ME, true, true],
    ["member, someone else's shared view", as('member'), OTHER, true, false],
    ["admin, someone else's shared view", as('admin'), OTHER, true, true],
    ["admin, someone else's personal view", as('admin'), OTHER, false, false],
    ['API key', as('owner', null), OTHER, true, true],
  ])('%s → %s', (_name, caller, ownerId, shared, expected) => {
    expect(canEditView(caller, { ownerId, shared })).toBe(expected);
  });
});

describe('canTakeLeads', () => {
  it.each<[Role, boolean]>([
    ['viewer', false],
    ['member', true],
    ['admin', true],
    ['owner', true],
  ])('%s → %s', (role, expected) => {
    expect(canTakeLeads(role)).toBe(expected);
  });
});
