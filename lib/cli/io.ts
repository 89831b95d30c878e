/** Where a command prints: injectable, so tests run commands in-process and read what they printed. */
export interface Io {
  stdout(s: string): void;
  stderr(s: string): void;
}

/** The process's own streams. */
export const processIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
};
