// Restricted Mode (second pass, untrusted workspace): the workspace's settings name a database
// (test/fixtures/restricted-workspace/.vscode/settings.json); no connection is opened from them,
// not at activation, not on a settings change, not from the refresh command itself.
import * as assert from 'node:assert/strict';
import { connect, createServer, type Socket } from 'node:net';
import * as vscode from 'vscode';
import { activateExtension, waitFor } from './helpers';

suite('Restricted Mode: no database connection from workspace settings', () => {
  test('the workspace database settings are ignored; the refresh command refuses', async function () {
    this.timeout(30_000);
    assert.equal(vscode.workspace.isTrusted, false);
    const api = await activateExtension();
    const sockets: Socket[] = [];
    const server = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as { port: number }).port;
      // Point the workspace settings at a server that would see any connection attempt. The
      // extension handles the change in its own listener, registered before this one.
      const changed = new Promise<void>((resolve) => {
        const sub = vscode.workspace.onDidChangeConfiguration((e) => {
          if (!e.affectsConfiguration('runbookAssistant.database')) return;
          sub.dispose();
          resolve();
        });
      });
      await vscode.workspace.getConfiguration('runbookAssistant.database').update('port', port, vscode.ConfigurationTarget.Workspace);
      await changed;
      // "restricted" when VS Code lets the extension see the ignored workspace values, "off" when
      // it hides them (restrictedConfigurations): never connecting, error or connected.
      const quiet = ['off', 'restricted'];
      assert.ok(quiet.includes(api.database.databaseStatus().state), JSON.stringify(api.database.databaseStatus()));
      await vscode.commands.executeCommand('runbookAssistant.database.refresh');
      const s = await api.database.refreshDatabase();
      assert.ok(quiet.includes(s.state), JSON.stringify(s));
      // The server accepts connections in the order they were made: once this probe is accepted,
      // any connection the extension opened before it has been accepted too.
      const probe = connect(port, '127.0.0.1');
      await waitFor(() => sockets.length > 0 && sockets[sockets.length - 1].remotePort === probe.localPort, 'the probe connection to be accepted');
      probe.destroy();
      assert.equal(sockets.length, 1, 'a connection was opened before the probe');
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
    }
  });
});
