export * from './crm';
export * from './enums';
export * from './identity';
// Insight: scheduled jobs' last runs
export * from './jobs';
export * from './leads';
export * from './ops';
export * from './workspace';
