// The incident core in one import, for the extension's lazily loaded bundle (src/extension/lazyCore.ts).
export * from './model';
export * from './checklist';
export * from './destructive';
export * from './placeholders';
export * from './record';
export * from './snapshot';
export * from './postmortem';
export * from './runs';
export * from './insertion';
export * from './runRecording';
