// The cable-ls extension: starts the language server for cable documents,
// recognises .txt cables by their first lines, and shows the server's state
// and the workspace index in the status bar.

import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import {
  ClientCapabilities,
  Executable,
  FeatureState,
  LanguageClient,
  LanguageClientOptions,
  NotificationType,
  ServerOptions,
  StaticFeature,
  State,
} from "vscode-languageclient/node";

const SECTION = "cable-ls";

/** The first lines of a .txt file that make it a cable (see editors/nvim/lua/cable_ls/detect.lua). */
const CABLE_START = [
  /^\s*VZCZC/,
  /^\s*<code><pre>/,
  /^This record is a partial extract of the original cable/,
  /^\s*(C O N F I D E N T I A L|S E C R E T|T O P S E C R E T) /,
  /^\s*(UNCLAS|CONFIDENTIAL |SECRET |TOP SECRET )/,
];

/** How many lines of a .txt file are looked at. */
const DETECT_LINES = 60;

/** The `experimental/serverStatus` notification (as rust-analyzer's), with the index's counts. */
interface ServerStatus {
  health: "ok" | "warning" | "error";
  quiescent: boolean;
  message?: string;
  indexed: number;
  total?: number | null;
}
const serverStatus = new NotificationType<ServerStatus>("experimental/serverStatus");

/** Asks the server for status notifications. */
class StatusFeature implements StaticFeature {
  getState(): FeatureState {
    return { kind: "static" };
  }
  fillClientCapabilities(capabilities: ClientCapabilities): void {
    capabilities.experimental = { ...(capabilities.experimental ?? {}), serverStatusNotification: true };
  }
  initialize(): void {}
  clear(): void {}
}

let client: LanguageClient | undefined;
let statusItem: vscode.StatusBarItem;
let output: vscode.OutputChannel;
let lastStatus: ServerStatus | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("cable-ls");
  statusItem = vscode.window.createStatusBarItem("cable-ls.status", vscode.StatusBarAlignment.Left, 10);
  statusItem.name = "cable-ls";
  statusItem.command = "cable-ls.showLog";
  context.subscriptions.push(output, statusItem);

  context.subscriptions.push(
    vscode.commands.registerCommand("cable-ls.restartServer", async () => {
      await stop();
      await start(context);
    }),
    vscode.commands.registerCommand("cable-ls.showLog", () => output.show(true)),
    vscode.workspace.onDidOpenTextDocument(detectCable),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration(`${SECTION}.server`)) {
        await stop();
        await start(context);
      } else if (e.affectsConfiguration(`${SECTION}.diagnostics`) && client?.isRunning()) {
        await client.sendNotification("workspace/didChangeConfiguration", { settings: { [SECTION]: serverSettings() } });
      }
    }),
  );
  vscode.workspace.textDocuments.forEach(detectCable);
  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}

/** Opens a plain-text document whose first lines are a cable as a cable. */
function detectCable(doc: vscode.TextDocument): void {
  if (doc.languageId !== "plaintext" || !vscode.workspace.getConfiguration(SECTION).get("detectTxt", true)) {
    return;
  }
  const lines = Math.min(doc.lineCount, DETECT_LINES);
  for (let i = 0; i < lines; i++) {
    const line = doc.lineAt(i).text;
    if (CABLE_START.some((re) => re.test(line))) {
      void vscode.languages.setTextDocumentLanguage(doc, "cable");
      return;
    }
  }
}

/** The server binary: the setting, else the one bundled in the extension, else `cable-ls` on PATH. */
function serverCommand(context: vscode.ExtensionContext): string {
  const configured = vscode.workspace.getConfiguration(SECTION).get<string | null>("server.path");
  if (configured) {
    return configured.replace(/^~(?=$|\/)/, process.env.HOME ?? "~");
  }
  const bundled = context.asAbsolutePath(path.join("server", process.platform === "win32" ? "cable-ls.exe" : "cable-ls"));
  if (fs.existsSync(bundled)) {
    return bundled;
  }
  return "cable-ls";
}

/** The settings the server reads (initializationOptions, then didChangeConfiguration). */
function serverSettings(): object {
  const config = vscode.workspace.getConfiguration(SECTION);
  return { diagnostics: { disabled: config.get<string[]>("diagnostics.disabled", []) } };
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const command = serverCommand(context);
  const run: Executable = { command, args: config.get<string[]>("server.extraArgs", []) };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: "cable", scheme: "file" },
      { language: "cable", scheme: "untitled" },
    ],
    outputChannel: output,
    initializationOptions: serverSettings(),
  };
  client = new LanguageClient(SECTION, "cable-ls", serverOptions, clientOptions);
  client.registerFeature(new StatusFeature());
  client.onDidChangeState((e) => showState(e.newState));
  client.onNotification(serverStatus, (status) => {
    lastStatus = status;
    showState(State.Running);
  });
  showState(State.Starting);
  output.appendLine(`starting ${command}`);
  try {
    await client.start();
  } catch (e) {
    output.appendLine(`cable-ls could not start: ${e}`);
    showState(State.Stopped);
    void vscode.window
      .showErrorMessage(`cable-ls could not start (${command}). Set "cable-ls.server.path" to the binary.`, "Show Log")
      .then((choice) => choice && output.show(true));
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  lastStatus = undefined;
  if (running) {
    await running.stop().catch((e) => output.appendLine(`stopping cable-ls: ${e}`));
  }
}

/** The status bar item: the server's state and, while indexing, the progress. */
function showState(state: State): void {
  statusItem.show();
  switch (state) {
    case State.Starting:
      statusItem.text = "$(sync~spin) cable-ls";
      statusItem.tooltip = "cable-ls is starting";
      return;
    case State.Stopped:
      statusItem.text = "$(error) cable-ls";
      statusItem.tooltip = "cable-ls is not running: click for its log";
      return;
    case State.Running:
      break;
  }
  if (lastStatus && !lastStatus.quiescent) {
    statusItem.text = `$(sync~spin) cable-ls: ${lastStatus.message ?? "working"}`;
  } else if (lastStatus) {
    statusItem.text = `$(library) cable-ls: ${lastStatus.message ?? `${lastStatus.indexed} cables`}`;
  } else {
    statusItem.text = "$(check) cable-ls";
  }
  statusItem.tooltip = "cable-ls is running: click for its log";
}
