export * from './crm';
export * from './enums';
export * from './identity';
// CSV import (issue 7)
export * from './imports';
export * from './leads';
export * from './ops';
export * from './workspace';
