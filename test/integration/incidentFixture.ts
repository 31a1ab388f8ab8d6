// The drill runbook the incident tests follow: a placeholder command, a destructive one, a
// multi-line one, and a first phase with a one-minute timebox. Shared by the incident test files.
export const DRILL_ID = 'incident-drill';

export const DRILL_YAML = `id: ${DRILL_ID}
title: Incident drill (sessions dropping)
symptom: Users are logged out every 30 seconds during the drill.
tags: [integration]
phases:
  - name: Triage
    timebox: { fromMinutes: 0, toMinutes: 1 }
    steps:
      - id: check-ttl
        kind: check
        text: Check the **TTL** of one session key.
        commands:
          - language: bash
            code: redis-cli -h {{redis_host}} TTL session:{{session_id}}
      - id: check-scope
        kind: check
        text: All users or some?
  - name: Fix
    timebox: { fromMinutes: 1, toMinutes: 10 }
    steps:
      - id: flush-sessions
        kind: fix
        text: 'Last resort: drop every session.'
        commands:
          - language: bash
            code: redis-cli -h {{redis_host}} FLUSHALL ASYNC
      - id: inspect-config
        kind: check
        text: Look at the session settings.
        commands:
          - language: bash
            code: |-
              grep -n session application.properties
              grep -n timeout application.properties
  - name: Verify
    timebox: { fromMinutes: 10, toMinutes: 15 }
    steps:
      - id: log-in-again
        kind: verify
        text: Log in and stay logged in for 5 minutes.
`;
