// Bulk operations on leads and their undo journal
export * from './bulk';
export * from './crm';
// Duplicates, merge and erasure
export * from './duplicates';
export * from './enums';
export * from './identity';
// CSV import (issue 7)
export * from './imports';
// Insight: scheduled jobs' last runs
export * from './jobs';
export * from './leads';
export * from './ops';
export * from './workspace';
