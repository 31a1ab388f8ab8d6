// The template behind "Runbook: New Runbook": valid against the schema as written,
// with the four phases and timeboxes every bundled runbook uses.
import { slugify } from './slug';

/** A runbook id from a title a person typed; '' when nothing usable is left. */
export function runbookIdFromTitle(title: string): string {
  return slugify(title, 60);
}

/** Double-quoted YAML scalar: safe for any title a person types. */
function yamlString(text: string): string {
  return JSON.stringify(text);
}

export function runbookTemplate(id: string, title: string): string {
  return `# A Runbook Assistant runbook. Fields: id, title, symptom, aliases, summary, severity, tags,
# lintRules, variables, phases (name, timebox, steps: id, text, kind, commands), insight.
# A step of kind cause names the steps that test it (checks:) and fix it (fixes:), by id:
# confirming it in an incident brings its fixes forward.
# aliases: the names this problem goes by when it pages you (alert names, error messages, what
# people say in chat), so "Runbook: Find Runbook for Alert…" finds the runbook from any of them.
# A {{name}} in a command is asked for once per incident and quoted for the shell; declare it
# under variables: so the responder knows what to enter. A command that deletes or stops
# something says so: destructive: true and a risk: sentence.
id: ${id}
title: ${yamlString(title)}
symptom: ${yamlString(title)}
aliases:
  - AlertNameInYourPagingSystem
  - "the error message people paste"
  - what a colleague would say in chat
summary: >-
  What is probably going on, in two sentences, for the person who was just paged.
severity: high
tags: [new]
variables:
  - name: service
    description: Name of the affected Kubernetes deployment
    example: checkout-api
    pattern: ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
phases:
  - name: Triage & Stabilize
    timebox: { fromMinutes: 0, toMinutes: 10 }
    steps:
      - id: scope
        kind: check
        text: Who is affected? All users or some (region, tenant, version)?
      - id: stabilize
        kind: action
        text: Stop the bleeding first (roll back, scale out, pause the job).
        commands:
          - language: bash
            code: kubectl delete pod -l app={{service}} --field-selector=status.phase=Failed
            destructive: true
            risk: Deletes the service's failed pods, and their logs with them; save the logs first.
  - name: Isolate
    timebox: { fromMinutes: 10, toMinutes: 25 }
    steps:
      - id: likely-cause
        kind: cause
        text: The most likely cause. In an incident it is confirmed or ruled out, with evidence.
        checks: [check-likely-cause]
        fixes: [fix]
      - id: check-likely-cause
        kind: check
        text: How to tell whether it is the cause.
        commands:
          - language: bash
            code: kubectl logs deploy/{{service}} --since=15m | grep -i error
  - name: Fix
    timebox: { fromMinutes: 25, toMinutes: 40 }
    steps:
      - id: fix
        kind: fix
        text: The fix, with the exact command.
  - name: Verify
    timebox: { fromMinutes: 40, toMinutes: 45 }
    steps:
      - id: verify
        kind: verify
        text: How you know it is fixed, and the alert that would catch it next time.
insight: The lesson to remember.
`;
}
