// The part of mvdan-sh (mvdan/sh's syntax package compiled to JavaScript with GopherJS) that
// src/core/commands/shellSyntax.ts uses. Nodes are Go structs seen from JavaScript: their fields
// keep their Go names, and `syntax.NodeType(node)` gives the Go type name ("CallExpr", "Lit"...).
declare module 'mvdan-sh' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  export type ShNode = any;
  export interface ShParser {
    /** Throws a Go error (an object with `Error(): string`, not a JavaScript Error) on a syntax error. */
    Parse(src: string, name: string): ShNode;
  }
  export const syntax: {
    NewParser(...options: unknown[]): ShParser;
    NodeType(node: ShNode): string;
    Walk(node: ShNode, visit: (node: ShNode | null) => boolean): void;
    Variant(lang: unknown): unknown;
    LangBash: unknown;
    LangPOSIX: unknown;
    LangMirBSDKorn: unknown;
    KeepComments(keep: boolean): unknown;
  };
}
