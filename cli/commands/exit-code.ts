/**
 * The one type every command shares with the registry: a leaf, so the commands import nothing
 * from the module that imports them.
 */

/** Sets the process exit code of the running command. */
export type SetExitCode = (code: number) => void;
