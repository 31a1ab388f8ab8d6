// The incident core in one import, for the extension's lazily loaded bundle (src/extension/lazyBundle.ts).
export * from './incidentModel';
export * from './incidentState';
export * from './destructive';
export * from './placeholders';
export * from './record';
export * from './snapshot';
export * from './postmortem';
export * from './runs';
export * from './insertion';
export * from './terminalPolicy';
export * from './runRecording';
export * from './recordAppend';
export * from './timeline';
