// Plain-text tables for the terminal.

export function table(headers: string[], rows: string[][], rightAlign: boolean[] = []): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const cell = (text: string, i: number) => (rightAlign[i] ? text.padStart(widths[i]!) : text.padEnd(widths[i]!));
  const line = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (rightAlign[i] ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(headers), rule, ...rows.map(line)].join("\n");
}

export const fmt = {
  rate: (value: number) => (Number.isFinite(value) ? value.toFixed(0) : "n/a"),
  ms: (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "n/a"),
  us: (value: number) => (Number.isFinite(value) ? (value * 1000).toFixed(0) : "n/a"),
  ratio: (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}x` : "n/a"),
  pct: (value: number) => (Number.isFinite(value) ? `${(value * 100).toFixed(0)}%` : "n/a"),
};

export function banner(lines: string[]): string {
  const width = Math.max(...lines.map((l) => l.length));
  const bar = "!".repeat(width + 4);
  return [bar, ...lines.map((l) => `! ${l.padEnd(width)} !`), bar].join("\n");
}
